//! The one error type of the list parsers.
//!
//! Every error says where it happened: a line number (1-based) when the format is line-oriented
//! or the XML reader could count newlines, the issuer's reference of the record being read when
//! known, and the field.

/// Where in the input a problem was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// 1-based line number, when known.
    pub line: Option<u64>,
    /// Byte offset from the start of the input, when known.
    pub byte: Option<u64>,
    /// The reference of the record being read (`LYi.013`, an OFAC ent_num…), when known.
    pub record: Option<String>,
    /// The element, attribute or column concerned, when known.
    pub field: Option<String>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
        }
        if let Some(byte) = self.byte {
            parts.push(format!("byte {byte}"));
        }
        if let Some(record) = &self.record {
            parts.push(format!("record {record}"));
        }
        if let Some(field) = &self.field {
            parts.push(format!("field {field}"));
        }
        if parts.is_empty() {
            f.write_str("unknown position")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// A parse failure: what went wrong and where.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The input is not a list file this crate knows (sniffing failed).
    #[error("unrecognised input: {0}")]
    Unrecognised(String),
    /// The input is in an encoding other than UTF-8 (or ASCII).
    #[error("{at}: wrong encoding: {message}")]
    Encoding {
        /// Where.
        at: Location,
        /// What.
        message: String,
    },
    /// The XML is not well-formed (including truncation).
    #[error("{at}: malformed XML: {message}")]
    Xml {
        /// Where.
        at: Location,
        /// What.
        message: String,
    },
    /// A CSV row could not be read or has the wrong shape.
    #[error("{at}: bad CSV: {message}")]
    Csv {
        /// Where.
        at: Location,
        /// What.
        message: String,
    },
    /// A JSON line could not be read.
    #[error("{at}: bad JSON: {message}")]
    Json {
        /// Where.
        at: Location,
        /// What.
        message: String,
    },
    /// The syntax is fine but a required value is missing or invalid.
    #[error("{at}: {message}")]
    Invalid {
        /// Where.
        at: Location,
        /// What.
        message: String,
    },
    /// Reading the input failed.
    #[error("read error: {0}")]
    Io(#[from] std::io::Error),
}

impl ParseError {
    /// Builds an [`ParseError::Invalid`] at a line and record.
    pub fn invalid(
        line: Option<u64>,
        record: Option<&str>,
        field: &str,
        message: impl Into<String>,
    ) -> Self {
        ParseError::Invalid {
            at: Location {
                line,
                byte: None,
                record: record.map(str::to_owned),
                field: Some(field.to_owned()),
            },
            message: message.into(),
        }
    }

    /// The location of the error, when it has one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            ParseError::Encoding { at, .. }
            | ParseError::Xml { at, .. }
            | ParseError::Csv { at, .. }
            | ParseError::Json { at, .. }
            | ParseError::Invalid { at, .. } => Some(at),
            ParseError::Unrecognised(_) | ParseError::Io(_) => None,
        }
    }
}
