//! A strict reader for the DOT that `newsgraph_graph::to_dot` writes: the subset of the
//! Graphviz grammar it uses, one statement a line, quoted strings closed on their line.

/// The statements read: node ids and edge endpoints, unquoted (`\"` and `\\` read back as one
/// character, as the writer escaped them).
#[derive(Debug, Default)]
pub struct Dot {
    pub nodes: Vec<String>,
    pub edges: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A bare word: letters, digits, `_`, `.`, `-` (not `->`).
    Bare(String),
    Quoted(String),
    Punct(&'static str),
}

fn lex(text: &str) -> Result<Vec<(usize, Token)>, String> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            c if c.is_whitespace() => {}
            '"' => {
                let mut s = String::new();
                loop {
                    match chars.next() {
                        None => return Err(format!("line {line}: unterminated string")),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\')) => s.push(e),
                            Some('n') => s.push_str("\\n"),
                            Some(other) => {
                                return Err(format!("line {line}: unexpected escape \\{other:?}"))
                            }
                            None => return Err(format!("line {line}: unterminated string")),
                        },
                        Some('\n' | '\r') => {
                            return Err(format!("line {line}: line break inside a string"))
                        }
                        Some(c) if c.is_control() => {
                            return Err(format!("line {line}: control character {c:?} in a string"))
                        }
                        Some(c) => s.push(c),
                    }
                }
                out.push((line, Token::Quoted(s)));
            }
            '-' if chars.peek() == Some(&'>') => {
                chars.next();
                out.push((line, Token::Punct("->")));
            }
            '{' => out.push((line, Token::Punct("{"))),
            '}' => out.push((line, Token::Punct("}"))),
            '[' => out.push((line, Token::Punct("["))),
            ']' => out.push((line, Token::Punct("]"))),
            ';' => out.push((line, Token::Punct(";"))),
            ',' => out.push((line, Token::Punct(","))),
            '=' => out.push((line, Token::Punct("="))),
            c if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') => {
                let mut s = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || matches!(n, '_' | '.') {
                        s.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push((line, Token::Bare(s)));
            }
            other => return Err(format!("line {line}: unexpected character {other:?}")),
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(_, t)| t)
    }

    fn line(&self) -> usize {
        self.tokens
            .get(self.at)
            .or(self.tokens.last())
            .map_or(0, |(l, _)| *l)
    }

    fn next(&mut self) -> Result<Token, String> {
        let t = self
            .tokens
            .get(self.at)
            .map(|(_, t)| t.clone())
            .ok_or("unexpected end")?;
        self.at += 1;
        Ok(t)
    }

    fn punct(&mut self, p: &str) -> Result<(), String> {
        let line = self.line();
        match self.next()? {
            Token::Punct(q) if q == p => Ok(()),
            other => Err(format!("line {line}: expected {p:?}, found {other:?}")),
        }
    }

    fn id(&mut self) -> Result<String, String> {
        let line = self.line();
        match self.next()? {
            Token::Bare(s) | Token::Quoted(s) => Ok(s),
            other => Err(format!("line {line}: expected an id, found {other:?}")),
        }
    }

    /// `[a=b, c=d]`
    fn attributes(&mut self) -> Result<(), String> {
        self.punct("[")?;
        loop {
            if self.peek() == Some(&Token::Punct("]")) {
                self.next()?;
                return Ok(());
            }
            self.id()?;
            self.punct("=")?;
            self.id()?;
            if self.peek() == Some(&Token::Punct(",")) {
                self.next()?;
            }
        }
    }
}

/// Reads `digraph NAME { statements }`.
///
/// # Errors
/// What is wrong and on which line.
pub fn parse(text: &str) -> Result<Dot, String> {
    let mut p = Parser {
        tokens: lex(text)?,
        at: 0,
    };
    let mut dot = Dot::default();
    match p.next()? {
        Token::Bare(k) if k == "digraph" => {}
        other => return Err(format!("expected digraph, found {other:?}")),
    }
    p.id()?;
    p.punct("{")?;
    loop {
        let line = p.line();
        match p.peek() {
            Some(Token::Punct("}")) => {
                p.next()?;
                break;
            }
            Some(Token::Bare(k)) if matches!(k.as_str(), "graph" | "node" | "edge") => {
                p.next()?;
                p.attributes()?;
            }
            _ => {
                let a = p.id()?;
                if p.peek() == Some(&Token::Punct("->")) {
                    p.next()?;
                    let b = p.id()?;
                    dot.edges.push((a, b));
                } else {
                    dot.nodes.push(a);
                }
                p.attributes()?;
            }
        }
        if p.line() != line {
            return Err(format!("line {line}: a statement runs over its line"));
        }
        p.punct(";")?;
    }
    if p.at != p.tokens.len() {
        return Err("text after the closing brace".into());
    }
    Ok(dot)
}
