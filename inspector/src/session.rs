//! One WebSocket session: client messages go to the target, the target's
//! messages go to the client, until either side or the server ends it.
use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use crate::limits::MAX_MESSAGE_BYTES;
use crate::server::{lock, TargetEntry};
use crate::{Frame, Outbound};

pub(crate) async fn run<S>(io: S, entry: Arc<TargetEntry>, mut stopping: watch::Receiver<bool>)
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let config =
        WebSocketConfig::default().max_message_size(Some(MAX_MESSAGE_BYTES)).max_frame_size(Some(MAX_MESSAGE_BYTES));
    let ws = WebSocketStream::from_raw_socket(io, Role::Server, Some(config)).await;
    let (mut sink, mut stream) = ws.split();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let outbound = Outbound(tx);
    let id = entry.target.connect(outbound.clone());
    lock(&entry.sessions).insert(id, outbound.clone());
    if entry.removed.load(std::sync::atomic::Ordering::Acquire) {
        outbound.close(); // the target went while this session attached
    }
    loop {
        tokio::select! {
            frame = rx.recv() => match frame {
                Some(Frame::Text(text)) => {
                    if sink.send(Message::text(text)).await.is_err() {
                        break;
                    }
                }
                Some(Frame::Close) | None => {
                    let _ = sink.send(going_away("the runtime was closed")).await;
                    break;
                }
            },
            message = stream.next() => match message {
                Some(Ok(Message::Text(text))) => entry.target.dispatch(id, text.as_str().to_owned()),
                Some(Ok(Message::Binary(bytes))) => match String::from_utf8(bytes.to_vec()) {
                    Ok(text) => entry.target.dispatch(id, text),
                    Err(_) => break,
                },
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {} // ping/pong: answered by tungstenite
            },
            _ = crate::server::stopped(&mut stopping) => {
                let _ = sink.send(going_away("the inspector server stopped")).await;
                break;
            }
        }
    }
    lock(&entry.sessions).remove(&id);
    entry.target.disconnect(id);
}

fn going_away(reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame { code: CloseCode::Away, reason: reason.into() }))
}
