//! A streaming XML record reader: yields one small element tree per record.
//!
//! Only the record being read is held in memory. Element and attribute names are matched by
//! local name, so namespaces (OFAC's, the EU's) are ignored. Errors carry the line number.

use std::io::BufRead;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};

use crate::error::{Location, ParseError};
use crate::guard::{Counters, Counting};

/// One element of a record: local name, attributes, text and children.
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// Local name.
    pub name: String,
    /// Attributes (local names), unescaped.
    pub attrs: Vec<(String, String)>,
    /// Concatenated direct text content, unescaped.
    pub text: String,
    /// Child elements in document order.
    pub children: Vec<Node>,
    /// Line where the element starts.
    pub line: u64,
}

impl Node {
    /// The first child with this local name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// All children with this local name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The cleaned text of the first child with this name.
    pub fn text_of(&self, name: &str) -> Option<String> {
        self.child(name).and_then(|c| crate::text::clean(&c.text))
    }

    /// The cleaned value of an attribute.
    pub fn attr(&self, name: &str) -> Option<String> {
        self.attrs.iter().find(|(k, _)| k == name).and_then(|(_, v)| crate::text::clean(v))
    }
}

/// Streams the records (elements with one of `record_names`) of an XML document.
pub struct XmlStream<R: BufRead> {
    reader: quick_xml::Reader<Counting<R>>,
    counters: Arc<Counters>,
    buf: Vec<u8>,
    record_names: &'static [&'static str],
    depth: usize,
    root: Option<Node>,
    finished: bool,
}

const MAX_DEPTH: usize = 64;

impl<R: BufRead> XmlStream<R> {
    /// Starts reading; call [`XmlStream::root`] first.
    pub fn new(inner: R, record_names: &'static [&'static str]) -> Self {
        let counting = Counting::new(inner);
        let counters = counting.counters();
        let mut reader = quick_xml::Reader::from_reader(counting);
        reader.config_mut().check_end_names = true;
        XmlStream {
            reader,
            counters,
            buf: Vec::new(),
            record_names,
            depth: 0,
            root: None,
            finished: false,
        }
    }

    /// Reads up to the root element and returns it (attributes only).
    pub fn root(&mut self) -> Result<&Node, ParseError> {
        let c = Arc::clone(&self.counters);
        let c = &*c;
        if self.root.is_none() {
            loop {
                self.buf.clear();
                let event =
                    self.reader.read_event_into(&mut self.buf).map_err(|e| xml_error(c, e))?;
                match event {
                    Event::Start(e) => {
                        let node = start_node(c, &e)?;
                        self.depth = 1;
                        self.root = Some(node);
                        break;
                    }
                    Event::Empty(e) => {
                        let node = start_node(c, &e)?;
                        self.root = Some(node);
                        self.finished = true;
                        break;
                    }
                    Event::Eof => {
                        return Err(ParseError::Xml {
                            at: here(c),
                            message: "no root element".into(),
                        });
                    }
                    Event::Text(t) => {
                        let text = t.unescape().map_err(|e| xml_error(c, e))?;
                        if !text.trim().is_empty() {
                            return Err(ParseError::Xml {
                                at: here(c),
                                message: "text before the root element".into(),
                            });
                        }
                    }
                    Event::End(_) | Event::CData(_) => {
                        return Err(ParseError::Xml {
                            at: here(c),
                            message: "content before the root element".into(),
                        });
                    }
                    _ => {}
                }
            }
        }
        Ok(self.root.as_ref().expect("root was just set"))
    }

    /// The next record, or `None` at the end of the document.
    pub fn next_record(&mut self) -> Option<Result<Node, ParseError>> {
        if self.finished {
            return None;
        }
        if let Err(e) = self.root() {
            self.finished = true;
            return Some(Err(e));
        }
        if self.finished {
            return None;
        }
        let result = self.read_until_record();
        match result {
            Ok(Some(node)) => Some(Ok(node)),
            Ok(None) => {
                self.finished = true;
                None
            }
            Err(e) => {
                self.finished = true;
                Some(Err(e))
            }
        }
    }

    fn read_until_record(&mut self) -> Result<Option<Node>, ParseError> {
        let c = Arc::clone(&self.counters);
        let c = &*c;
        loop {
            self.counters.mark();
            self.buf.clear();
            let event = self.reader.read_event_into(&mut self.buf).map_err(|e| xml_error(c, e))?;
            match event {
                Event::Start(e) => {
                    let node = start_node(c, &e)?;
                    if self.record_names.contains(&node.name.as_str()) {
                        return self.read_subtree(node).map(Some);
                    }
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(ParseError::Xml {
                            at: here(c),
                            message: "elements nested too deeply".into(),
                        });
                    }
                }
                Event::Empty(e) => {
                    let node = start_node(c, &e)?;
                    if self.record_names.contains(&node.name.as_str()) {
                        return Ok(Some(node));
                    }
                }
                Event::End(_) => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        // End of the root: nothing but whitespace, comments or PIs may follow.
                        loop {
                            self.buf.clear();
                            match self
                                .reader
                                .read_event_into(&mut self.buf)
                                .map_err(|e| xml_error(c, e))?
                            {
                                Event::Eof => return Ok(None),
                                Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => {}
                                Event::Comment(_) | Event::PI(_) => {}
                                _ => {
                                    return Err(ParseError::Xml {
                                        at: here(c),
                                        message: "content after the root element".into(),
                                    });
                                }
                            }
                        }
                    }
                }
                Event::Text(t) => {
                    t.unescape().map_err(|e| xml_error(c, e))?;
                }
                Event::Eof => {
                    return Err(ParseError::Xml {
                        at: here(c),
                        message: "unexpected end of input: the file is truncated (root element not closed)".into(),
                    });
                }
                _ => {}
            }
        }
    }

    fn read_subtree(&mut self, root: Node) -> Result<Node, ParseError> {
        let c = Arc::clone(&self.counters);
        let c = &*c;
        let mut stack: Vec<Node> = vec![root];
        loop {
            self.buf.clear();
            let event = self.reader.read_event_into(&mut self.buf).map_err(|e| xml_error(c, e))?;
            match event {
                Event::Start(e) => {
                    let node = start_node(c, &e)?;
                    stack.push(node);
                    if stack.len() + self.depth > MAX_DEPTH {
                        return Err(ParseError::Xml {
                            at: here(c),
                            message: "elements nested too deeply".into(),
                        });
                    }
                }
                Event::Empty(e) => {
                    let node = start_node(c, &e)?;
                    stack.last_mut().expect("stack is never empty here").children.push(node);
                }
                Event::End(_) => {
                    let done = stack.pop().expect("stack is never empty here");
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Ok(done),
                    }
                }
                Event::Text(t) => {
                    let text = t.unescape().map_err(|e| xml_error(c, e))?;
                    stack.last_mut().expect("stack is never empty here").text.push_str(&text);
                }
                Event::CData(data) => {
                    let text = utf8(c, &data)?;
                    stack.last_mut().expect("stack is never empty here").text.push_str(&text);
                }
                Event::Eof => {
                    let open = stack.last().map(|n| n.name.clone()).unwrap_or_default();
                    return Err(ParseError::Xml {
                        at: here(c),
                        message: format!(
                            "unexpected end of input inside <{open}>: the file is truncated"
                        ),
                    });
                }
                _ => {}
            }
        }
    }

    /// Line number of the next unread byte.
    pub fn line(&self) -> u64 {
        self.counters.line()
    }
}

fn here(c: &Counters) -> Location {
    Location { line: Some(c.line()), byte: Some(c.bytes()), record: None, field: None }
}

fn xml_error(c: &Counters, err: quick_xml::Error) -> ParseError {
    let at = here(c);
    match err {
        quick_xml::Error::Io(io) => ParseError::Xml { at, message: io.to_string() },
        quick_xml::Error::Encoding(e) => {
            ParseError::Encoding { at, message: format!("{e} (the file must be UTF-8)") }
        }
        other => {
            let mut message = other.to_string();
            if message.contains("end of input") || message.contains("unexpected EOF") {
                message.push_str(" (the file is truncated)");
            }
            if message.contains("utf-8") || message.contains("UTF-8") || message.contains("Utf8") {
                ParseError::Encoding { at, message: format!("{message} (the file must be UTF-8)") }
            } else {
                ParseError::Xml { at, message }
            }
        }
    }
}

fn utf8(c: &Counters, bytes: &[u8]) -> Result<String, ParseError> {
    std::str::from_utf8(bytes).map(str::to_owned).map_err(|e| ParseError::Encoding {
        at: here(c),
        message: format!("invalid UTF-8: {e} (the file must be UTF-8)"),
    })
}

fn start_node(c: &Counters, e: &BytesStart<'_>) -> Result<Node, ParseError> {
    let name = utf8(c, e.local_name().as_ref())?;
    let mut attrs = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| ParseError::Xml { at: here(c), message: err.to_string() })?;
        let key = utf8(c, attr.key.local_name().as_ref())?;
        if attr.key.as_ref().starts_with(b"xmlns") {
            continue;
        }
        let value = attr.unescape_value().map_err(|err| xml_error(c, err))?.into_owned();
        attrs.push((key, value));
    }
    Ok(Node { name, attrs, text: String::new(), children: Vec::new(), line: c.line() })
}
