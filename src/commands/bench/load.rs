//! A small HTTP/1.1 load generator for benchmarks: keep-alive connections sending prepared
//! requests and reading whole answers (Content-Length or chunked), so the client costs far
//! less than the server it measures on the same two cores.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// A request as bytes on the wire.
#[derive(Clone)]
pub struct Request(Arc<[u8]>);

impl Request {
    pub fn get(addr: SocketAddr, path: &str, token: &str) -> Request {
        Request(
            format!(
                "GET /api/v1{path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\r\n"
            )
            .into_bytes()
            .into(),
        )
    }

    /// A page of the portal, as a signed-in browser asks for it (the session in its cookie).
    pub fn page(addr: SocketAddr, path: &str, session: &str) -> Request {
        Request(
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: lhs_session={session}\r\n\r\n")
                .into_bytes()
                .into(),
        )
    }

    pub fn post_json(addr: SocketAddr, path: &str, token: &str, body: &str) -> Request {
        Request(
            format!(
                "POST /api/v1{path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
                 Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes()
            .into(),
        )
    }
}

/// One keep-alive connection.
pub struct Conn {
    stream: BufReader<TcpStream>,
    line: String,
    /// Where bodies are read to (and dropped).
    sink: Vec<u8>,
}

impl Conn {
    pub async fn open(addr: SocketAddr) -> std::io::Result<Conn> {
        let s = TcpStream::connect(addr).await?;
        s.set_nodelay(true)?;
        Ok(Conn {
            stream: BufReader::with_capacity(64 * 1024, s),
            line: String::new(),
            sink: vec![0; 16 * 1024],
        })
    }

    /// Sends `req` and reads the answer; returns its status and body length.
    pub async fn send(&mut self, req: &Request) -> std::io::Result<(u16, usize)> {
        self.stream.get_mut().write_all(&req.0).await?;
        self.line.clear();
        self.stream.read_line(&mut self.line).await?;
        let status: u16 = self
            .line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {:?}", self.line)))?;
        let mut length = None;
        let mut chunked = false;
        loop {
            self.line.clear();
            if self.stream.read_line(&mut self.line).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let l = self.line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse::<usize>().ok();
                } else if k.eq_ignore_ascii_case("transfer-encoding")
                    && v.to_ascii_lowercase().contains("chunked")
                {
                    chunked = true;
                }
            }
        }
        let mut read = 0;
        if chunked {
            loop {
                self.line.clear();
                self.stream.read_line(&mut self.line).await?;
                let size = usize::from_str_radix(self.line.trim(), 16)
                    .map_err(|_| std::io::Error::other("bad chunk size"))?;
                self.skip(size + 2).await?;
                read += size;
                if size == 0 {
                    break;
                }
            }
        } else {
            let n = length.unwrap_or(0);
            self.skip(n).await?;
            read = n;
        }
        Ok((status, read))
    }

    async fn skip(&mut self, mut n: usize) -> std::io::Result<()> {
        while n > 0 {
            let want = n.min(self.sink.len());
            let k = self.stream.read(&mut self.sink[..want]).await?;
            if k == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            n -= k;
        }
        Ok(())
    }
}

/// Latencies (ms) of `samples` requests sent one after another on one connection, after
/// `warmup` unmeasured ones. Any status but `expect` is an error.
pub async fn latencies(
    addr: SocketAddr,
    req: &Request,
    expect: u16,
    warmup: usize,
    samples: usize,
) -> std::io::Result<Vec<f64>> {
    let mut c = Conn::open(addr).await?;
    let mut out = Vec::with_capacity(samples);
    for i in 0..warmup + samples {
        let t = Instant::now();
        let (status, _) = c.send(req).await?;
        if status != expect {
            return Err(std::io::Error::other(format!(
                "answered {status}, expected {expect}"
            )));
        }
        if i >= warmup {
            out.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    Ok(out)
}

/// What a throughput run measured.
pub struct Throughput {
    pub requests: u64,
    pub errors: u64,
    pub per_second: f64,
    pub latencies_ms: Vec<f64>,
}

/// `conns` connections sending `req` back to back for `duration` (after a short warm-up).
pub async fn throughput(
    addr: SocketAddr,
    req: &Request,
    expect: u16,
    conns: usize,
    duration: Duration,
) -> std::io::Result<Throughput> {
    let warmup = Duration::from_millis(300);
    let start = Instant::now() + warmup;
    let end = start + duration;
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let req = req.clone();
        tasks.push(tokio::spawn(async move {
            let mut c = Conn::open(addr).await?;
            let (mut n, mut errors, mut lat) = (0u64, 0u64, Vec::new());
            loop {
                let t = Instant::now();
                if t >= end {
                    break;
                }
                let (status, _) = c.send(&req).await?;
                if t >= start {
                    n += 1;
                    if status != expect {
                        errors += 1;
                    }
                    lat.push(t.elapsed().as_secs_f64() * 1000.0);
                }
            }
            Ok::<_, std::io::Error>((n, errors, lat))
        }));
    }
    let mut total = Throughput {
        requests: 0,
        errors: 0,
        per_second: 0.0,
        latencies_ms: Vec::new(),
    };
    for t in tasks {
        let (n, e, lat) = t.await.map_err(std::io::Error::other)??;
        total.requests += n;
        total.errors += e;
        total.latencies_ms.extend(lat);
    }
    #[allow(clippy::cast_precision_loss)]
    {
        total.per_second = total.requests as f64 / duration.as_secs_f64();
    }
    Ok(total)
}
