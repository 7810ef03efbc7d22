use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// What went wrong in the database layer. The api maps each variant to one HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database cannot be reached or is too busy (pool timeout, connection refused, locked).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A unique constraint was violated (a concurrent insert of the same key).
    #[error("unique constraint violated: {0}")]
    UniqueViolation(String),
    /// Stored data that does not parse into domain types: a bug or a manual edit.
    #[error("corrupt row in {table}: {detail}")]
    Corrupt { table: &'static str, detail: String },
    #[error("database error: {0}")]
    Query(DieselError),
    #[error("configuration: {0}")]
    Config(String),
}

impl From<DieselError> for Error {
    fn from(e: DieselError) -> Self {
        match &e {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                Error::UniqueViolation(info.message().to_owned())
            }
            DieselError::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::SerializationFailure,
                info,
            ) => Error::Unavailable(info.message().to_owned()),
            // SQLite reports a lock it could not get within busy_timeout as an unknown error.
            DieselError::DatabaseError(_, info) if is_busy(info.message()) => {
                Error::Unavailable(info.message().to_owned())
            }
            _ => Error::Query(e),
        }
    }
}

impl From<r2d2::Error> for Error {
    fn from(e: r2d2::Error) -> Self {
        Error::Unavailable(e.to_string())
    }
}

fn is_busy(message: &str) -> bool {
    message.contains("database is locked")
        || message.contains("database is busy")
        || message.contains("disk I/O error")
}

pub type Result<T> = std::result::Result<T, Error>;
