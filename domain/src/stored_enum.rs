//! One definition gives a closed set of values stored as text: the enum, its `ALL`, its codes
//! (`as_str`), `parse`, `Display`, and `TryFrom<String>` (how persistence reads a column: a
//! code not in the set is corrupt data, never a default).

/// `stored_enum!(/// doc  pub enum Name ("invalid_name") { /// doc  Variant => "code", ... })`
#[macro_export]
macro_rules! stored_enum {
    (
        $(#[$doc:meta])*
        pub enum $name:ident ($invalid:literal) {
            $( $(#[$vdoc:meta])* $variant:ident => $code:literal ),+ $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vdoc])* $variant ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            pub fn parse(raw: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == raw)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// How persistence writes it.
        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.as_str().to_owned()
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::Invalid;
            fn try_from(raw: String) -> Result<Self, $crate::Invalid> {
                Self::parse(&raw).ok_or_else(|| $crate::Invalid::new($invalid, raw))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::stored_enum! {
        /// A test set.
        pub enum Colour ("invalid_colour") {
            Red => "red",
            /// Documented.
            Green => "green",
        }
    }

    #[test]
    fn codes_round_trip_and_strangers_are_corrupt() {
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.as_str()), Some(*c));
            assert_eq!(Colour::try_from(c.to_string()).ok(), Some(*c));
        }
        let err = Colour::try_from("blue".to_owned()).err();
        assert_eq!(err.map(|e| e.code), Some("invalid_colour"));
    }
}
