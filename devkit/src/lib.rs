//! What is not the product but serves it: the demo data (`make run`, the black-box tests, the
//! fuzzing and cluster harnesses), the local test double of BankID's Relying Party API, and the
//! binaries that use them (`id06-demo`: the service with both; `id06-bench`: seeding for
//! `make bench`). The production binary, `id06-api`, links none of it.

pub mod bankid_double;
pub mod crew;
pub mod demo;
