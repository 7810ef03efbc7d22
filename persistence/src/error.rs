use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// What went wrong in the database layer, told apart so the layers above can answer each one
/// properly: a missing row, a conflict with stored data, an unavailable database, a stored row
/// that does not parse (a bug or a manual edit), or any other failure of a query.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The row that the operation needs does not exist.
    #[error("not found")]
    NotFound,
    /// A constraint refused the write: usually a concurrent write of the same key, or a reference
    /// to a row that was just removed.
    #[error("{kind} violated: {message}")]
    Conflict { kind: ConflictKind, message: String },
    /// The database cannot be reached or is too busy (pool timeout, connection refused, locked).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Stored data that does not parse into domain types.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Query(DieselError),
    #[error("configuration: {0}")]
    Config(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    Unique,
    ForeignKey,
    Check,
}

impl std::fmt::Display for ConflictKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Unique => "unique constraint",
            Self::ForeignKey => "foreign key",
            Self::Check => "check constraint",
        })
    }
}

impl From<DieselError> for Error {
    fn from(e: DieselError) -> Self {
        let conflict =
            |kind, info: &dyn diesel::result::DatabaseErrorInformation| Error::Conflict {
                kind,
                message: info.message().to_owned(),
            };
        match &e {
            DieselError::NotFound => Error::NotFound,
            DieselError::DeserializationError(cause) => Error::Corrupt(cause.to_string()),
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                conflict(ConflictKind::Unique, info.as_ref())
            }
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => {
                conflict(ConflictKind::ForeignKey, info.as_ref())
            }
            DieselError::DatabaseError(
                DatabaseErrorKind::CheckViolation | DatabaseErrorKind::NotNullViolation,
                info,
            ) => conflict(ConflictKind::Check, info.as_ref()),
            DieselError::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::SerializationFailure,
                info,
            ) => Error::Unavailable(info.message().to_owned()),
            // SQLite reports a lock it could not get within busy_timeout as an unknown error, and
            // PostgreSQL a statement cut by statement_timeout or a server going away likewise.
            DieselError::DatabaseError(_, info) if is_unavailable(info.message()) => {
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

fn is_unavailable(message: &str) -> bool {
    [
        "database is locked",
        "database is busy",
        "disk I/O error",
        "canceling statement due to statement timeout",
        "terminating connection",
        "server closed the connection",
        "connection to server",
        "no connection to the server",
    ]
    .iter()
    .any(|m| message.contains(m))
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_apart() {
        assert!(matches!(
            Error::from(DieselError::NotFound),
            Error::NotFound
        ));
        let corrupt = DieselError::DeserializationError("bad status".into());
        assert!(matches!(Error::from(corrupt), Error::Corrupt(_)));
        assert!(matches!(
            Error::from(DieselError::RollbackTransaction),
            Error::Query(_)
        ));
    }
}
