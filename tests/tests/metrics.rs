//! Feature `metrics` (issue 26): one request counted per call with its duration, one count
//! per retry, labelled by method, path template, status or `error.type`, never by the key
//! or an id. Read with a recorder of the test's own.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use metrics::{Counter, Gauge, Histogram, Key, KeyName, Metadata, Recorder, SharedString, Unit};
use telnyx_sdk::{Client, RoomId};
use telnyx_sdk_test_server::{Reply, Server};

const KEY: &str = "KEY0123456789SECRET-metrics";
const ROOM: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";

/// One recorded measurement: metric name, labels (sorted), value.
type Entry = (String, Vec<(String, String)>, f64);

#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<Entry>>>);

impl Log {
    fn entries(&self, name: &str) -> Vec<(Vec<(String, String)>, f64)> {
        self.0
            .lock()
            .expect("lock")
            .iter()
            .filter(|(n, ..)| n == name)
            .map(|(_, labels, value)| (labels.clone(), *value))
            .collect()
    }

    fn all(&self) -> Vec<Entry> {
        self.0.lock().expect("lock").clone()
    }
}

struct Handle {
    key: Key,
    log: Log,
}

impl Handle {
    fn push(&self, value: f64) {
        let mut labels: Vec<(String, String)> = self
            .key
            .labels()
            .map(|l| (l.key().to_owned(), l.value().to_owned()))
            .collect();
        labels.sort();
        self.log
            .0
            .lock()
            .expect("lock")
            .push((self.key.name().to_owned(), labels, value));
    }
}

impl metrics::CounterFn for Handle {
    fn increment(&self, value: u64) {
        self.push(value as f64);
    }
    fn absolute(&self, value: u64) {
        self.push(value as f64);
    }
}

impl metrics::HistogramFn for Handle {
    fn record(&self, value: f64) {
        self.push(value);
    }
}

struct TestRecorder(Log);

impl Recorder for TestRecorder {
    fn describe_counter(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_gauge(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_histogram(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn register_counter(&self, key: &Key, _: &Metadata<'_>) -> Counter {
        Counter::from_arc(Arc::new(Handle {
            key: key.clone(),
            log: self.0.clone(),
        }))
    }
    fn register_gauge(&self, _: &Key, _: &Metadata<'_>) -> Gauge {
        Gauge::noop()
    }
    fn register_histogram(&self, key: &Key, _: &Metadata<'_>) -> Histogram {
        Histogram::from_arc(Arc::new(Handle {
            key: key.clone(),
            log: self.0.clone(),
        }))
    }
}

fn labels(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<_> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    out.sort();
    out
}

#[test]
fn calls_retries_and_durations_are_recorded() {
    let log = Log::default();
    let recorder = TestRecorder(log.clone());
    // a current-thread runtime: the recorder is the thread's own, and every poll of the
    // SDK's futures (and of the test server) happens on this thread
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    metrics::with_local_recorder(&recorder, || {
        rt.block_on(async {
            let id: RoomId = ROOM.parse().expect("id");
            let server = Server::script(vec![
                Reply::status(503),
                Reply::json(200, serde_json::json!({"data": {"id": ROOM}})),
                Reply::json_text(404, r#"{"errors":[]}"#),
            ])
            .await;
            let client = Client::builder()
                .api_key(KEY)
                .base_url(server.url("/v2"))
                .backoff(Duration::from_millis(1), Duration::from_millis(1))
                .build()
                .expect("client");
            client.rooms().get(&id).send().await.expect("room");
            client
                .rooms()
                .get(&id)
                .max_retries(0)
                .send()
                .await
                .expect_err("404");
            client
                .get("/rooms/{room_id}")
                .path_param("room_id", ROOM)
                .max_retries(0)
                .send::<serde_json::Value>()
                .await
                .expect_err("404 again");
        });
    });

    let get = [
        ("http.request.method", "GET"),
        ("url.template", "/rooms/{room_id}"),
    ];
    let requests = log.entries("telnyx.client.requests");
    assert_eq!(
        requests,
        vec![
            (
                labels(&[get[0], get[1], ("http.response.status_code", "200")]),
                1.0
            ),
            (
                labels(&[
                    get[0],
                    get[1],
                    ("http.response.status_code", "404"),
                    ("error.type", "404")
                ]),
                1.0
            ),
            (
                labels(&[
                    get[0],
                    get[1],
                    ("http.response.status_code", "404"),
                    ("error.type", "404")
                ]),
                1.0
            ),
        ]
    );
    assert_eq!(
        log.entries("telnyx.client.retries"),
        vec![(labels(&get), 1.0)]
    );
    let durations = log.entries("telnyx.client.request.duration");
    assert_eq!(durations.len(), 3);
    assert!(durations.iter().all(|(_, seconds)| *seconds >= 0.0));
    assert_eq!(durations[0].0, requests[0].0);
    // no label carries the key or an id
    for (name, labels, _) in log.all() {
        for (key, value) in labels {
            assert!(
                !value.contains(KEY) && !value.contains(ROOM),
                "{name} {key}={value}"
            );
        }
    }
}
