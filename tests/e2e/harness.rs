//! The end-to-end harness: a private Xvfb display, tauri-driver, and the real app on a fresh database.
//!
//! Each test gets its own display, driver ports and data folder, so tests never see each other's
//! data. A screenshot of the window is saved to `target/e2e-screenshots/` after every test, and one
//! named `*-failure.png` when a test fails.

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// How long a test waits for something to appear before it fails.
const PATIENCE: Duration = Duration::from_secs(15);

/// The app under test, with everything it runs in.
pub struct App {
    client: Client,
    driver: Child,
    display: Child,
    data_dir: tempfile::TempDir,
}

/// Where the binary under test is (cargo builds it before running this test target).
fn app_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_natverket"))
}

fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("the system should hand out a free local port")
}

/// Starts `Xvfb -displayfd` and returns it with the display number it picked.
pub fn start_display() -> (Child, String) {
    let mut xvfb = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb must be installed (make test installs it)");
    let mut line = String::new();
    BufReader::new(xvfb.stdout.take().expect("Xvfb stdout"))
        .read_line(&mut line)
        .expect("Xvfb should print its display number");
    (xvfb, format!(":{}", line.trim()))
}

fn wait_for_port(port: u16) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < PATIENCE, "tauri-driver did not start listening on port {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits until the app has drawn its page: it keeps `starting` on <html> (nothing drawn but the page
/// colour) until the first view is in place, so a person never sees, or clicks, the page before.
/// Tests start from there too.
async fn wait_until_page_shown(client: &Client) -> TestResult {
    // The app's own page (not the blank one before it), with `starting` gone.
    const SHOWN: &str = "return document.getElementById('main') !== null \
                         && !document.documentElement.classList.contains('starting');";
    wait_until_true(client, SHOWN, "the page was not shown: <html> still has the class `starting`").await
}

/// Waits until `script` returns `true` in the page, or fails with `otherwise`.
async fn wait_until_true(client: &Client, script: &str, otherwise: &str) -> TestResult {
    let started = Instant::now();
    loop {
        // While the page is still being loaded the script may fail: that is "not yet".
        if client.execute(script, vec![]).await.is_ok_and(|value| value == json!(true)) {
            return Ok(());
        }
        if started.elapsed() > PATIENCE {
            return Err(otherwise.into());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn terminate(child: &mut Child) {
    // SIGTERM lets tauri-driver stop WebKitWebDriver too; SIGKILL would orphan it.
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let _ = child.kill();
    let _ = child.wait();
}

impl App {
    /// Launches the app on a fresh data folder; `prepare` may put files there first
    /// (it gets the path the app will use as its database).
    pub async fn launch_with(prepare: impl FnOnce(&Path)) -> App {
        let data_dir = tempfile::tempdir().expect("a temporary data folder");
        let database = data_dir.path().join("natverket.sqlite3");
        prepare(&database);
        for folder in ["xdg-data", "xdg-config", "xdg-cache", "exports", "to-open", "to-drop"] {
            std::fs::create_dir_all(data_dir.path().join(folder)).expect("a folder in the temporary data folder");
        }
        let (mut display, display_name) = start_display();
        let port = free_port();
        let native_port = free_port();
        let mut driver = Command::new(tauri_driver())
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("DISPLAY", &display_name)
            .env("XDG_DATA_HOME", data_dir.path().join("xdg-data"))
            .env("XDG_CONFIG_HOME", data_dir.path().join("xdg-config"))
            .env("XDG_CACHE_HOME", data_dir.path().join("xdg-cache"))
            .env("NATVERK_DB", &database)
            // Files the app would ask where to save land in <data dir>/exports (see exports_dir).
            .env("NATVERKET_SAVE_WITHOUT_DIALOG_TO", data_dir.path().join("exports"))
            // The open dialog of the imports answers with the one file in <data dir>/to-open (see offer_for_opening).
            .env("NATVERKET_OPEN_WITHOUT_DIALOG_FROM", data_dir.path().join("to-open"))
            // The files in <data dir>/to-drop are dropped on the window when a test asks (see drop_on_window).
            .env("NATVERKET_DROP_FROM", data_dir.path().join("to-drop"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver must be installed (make test installs it)");
        wait_for_port(port);
        // tauri-driver listens before WebKitWebDriver behind it does; a session asked for in that
        // gap fails with an incomplete response, so wait for both.
        wait_for_port(native_port);
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": { "application": app_binary() }
        });
        let session = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities.as_object().cloned().unwrap_or_default())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        let client = match session {
            Ok(client) => client,
            Err(error) => {
                // Stop the driver and the display before failing, so no test leaves them running.
                terminate(&mut driver);
                let _ = display.kill();
                let _ = display.wait();
                panic!("a WebDriver session with the app: {error}");
            }
        };
        if let Err(error) = wait_until_page_shown(&client).await {
            terminate(&mut driver);
            let _ = display.kill();
            let _ = display.wait();
            panic!("the app's page was never shown: {error}");
        }
        App { client, driver, display, data_dir }
    }

    /// The path of the database the app uses.
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.path().join("natverket.sqlite3")
    }

    /// Saves a PNG of the window under `target/e2e-screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str) {
        // Let WebKit paint what the test just saw, then keep a repaint pending while capturing: drawing
        // without the GPU compositor (the app's default on Linux), WebKitWebDriver's capture waits for
        // the next paint, and a page where nothing changes would never give it one.
        let _ = self
            .client
            .execute_async(
                "const done = arguments[0];
                 requestAnimationFrame(() => requestAnimationFrame(() => {
                   let frames = 0;
                   const nudge = () => {
                     document.body.style.opacity = frames % 2 ? '0.999' : '';
                     if (++frames < 120) requestAnimationFrame(nudge);
                     else document.body.style.opacity = '';
                   };
                   nudge();
                   done();
                 }));",
                vec![],
            )
            .await;
        let capture = tokio::time::timeout(Duration::from_secs(10), self.client.screenshot()).await;
        match capture {
            Ok(Ok(png)) => {
                let dir = screenshot_dir();
                let _ = std::fs::create_dir_all(&dir);
                let _ = std::fs::write(dir.join(format!("{name}.png")), png);
            }
            Ok(Err(error)) => eprintln!("screenshot {name} failed: {error}"),
            Err(_) => eprintln!("screenshot {name} timed out"),
        }
    }

    async fn shut_down(self) {
        // Bounded: a stuck WebDriver session must not hang the whole test run. The processes stop
        // when `self` is dropped, here.
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
    }
}

impl Drop for App {
    /// Stops tauri-driver (and the app and WebKitWebDriver behind it) and the display also when a
    /// test panics: left running, they would keep the test run's output open and hang it.
    fn drop(&mut self) {
        terminate(&mut self.driver);
        let _ = self.display.kill();
        let _ = self.display.wait();
    }
}

/// Where the app saves files during a test instead of showing the save dialog.
pub fn exports_dir(database: &Path) -> PathBuf {
    database.parent().map(|dir| dir.join("exports")).unwrap_or_default()
}

/// Makes `file` the answer of the app's next open dialogs (the debug build's test hook), under its
/// own name: it replaces whatever was offered before.
pub fn offer_for_opening(database: &Path, file: &Path) -> std::io::Result<()> {
    let folder = database.parent().map(|dir| dir.join("to-open")).unwrap_or_default();
    for earlier in std::fs::read_dir(&folder)? {
        std::fs::remove_file(earlier?.path())?;
    }
    std::fs::copy(file, folder.join(file.file_name().unwrap_or_default()))?;
    Ok(())
}

/// Drops `files` on the window, as if dragged there from the file manager or the mail program: they
/// are copied into <data dir>/to-drop and the debug build's test hook drops that folder's files.
pub async fn drop_on_window(ui: &Ui, database: &Path, files: &[PathBuf]) -> TestResult {
    let folder = database.parent().map(|dir| dir.join("to-drop")).unwrap_or_default();
    for earlier in std::fs::read_dir(&folder)? {
        std::fs::remove_file(earlier?.path())?;
    }
    for file in files {
        std::fs::copy(file, folder.join(file.file_name().unwrap_or_default()))?;
    }
    ui.client
        .execute("window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event: 'natverket:test-slapp' });", vec![])
        .await?;
    Ok(())
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .map(|home| home.join("bin/tauri-driver"));
    in_cargo_home.filter(|path| path.exists()).unwrap_or_else(|| PathBuf::from("tauri-driver"))
}

/// Runs `test` against a freshly launched app and always cleans up; fails with a screenshot.
pub async fn run_app_test<F, Fut>(name: &str, test: F)
where
    F: FnOnce(Ui, PathBuf) -> Fut,
    Fut: Future<Output = TestResult>,
{
    run_app_test_with(name, |_| {}, test).await
}

/// Like [`run_app_test`], with a chance to prepare the database file before launch.
pub async fn run_app_test_with<F, Fut>(name: &str, prepare: impl FnOnce(&Path), test: F)
where
    F: FnOnce(Ui, PathBuf) -> Fut,
    Fut: Future<Output = TestResult>,
{
    let app = App::launch_with(prepare).await;
    let ui = Ui { client: app.client.clone() };
    let outcome = test(ui, app.database_path()).await;
    match &outcome {
        Ok(()) => app.screenshot(name).await,
        Err(_) => app.screenshot(&format!("{name}-failure")).await,
    }
    app.shut_down().await;
    if let Err(error) = outcome {
        panic!("{name}: {error}");
    }
}

/// What a test does in the window: find, click, type, read.
#[derive(Clone)]
pub struct Ui {
    pub client: Client,
}

impl Ui {
    /// Waits until an element matching `css` exists.
    pub async fn find(&self, css: &str) -> Result<Element, Box<dyn std::error::Error>> {
        Ok(self.client.wait().at_most(PATIENCE).for_element(Locator::Css(css)).await?)
    }

    /// Every element matching `css` right now.
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>, Box<dyn std::error::Error>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    /// Waits until the text of `css` contains `expected`, and returns that text.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> Result<String, Box<dyn std::error::Error>> {
        let started = Instant::now();
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(expected) {
                return Ok(text);
            }
            if started.elapsed() > PATIENCE {
                return Err(format!("waited for {css:?} to contain {expected:?}; it says {text:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Reloads the page, as the app does after a switch of network or a restore, and waits until
    /// the new page is shown (the old one, with its mark, gone first).
    pub async fn reload(&self) -> TestResult {
        self.client.execute("window.shownBeforeReload = true; location.reload();", vec![]).await?;
        wait_until_true(&self.client, "return window.shownBeforeReload === undefined;", "the page was not reloaded")
            .await?;
        wait_until_page_shown(&self.client).await
    }

    /// The visible text of the whole page.
    pub async fn page_text(&self) -> Result<String, Box<dyn std::error::Error>> {
        Ok(self.find("body").await?.text().await?)
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) -> TestResult {
        self.find(css).await?.click().await?;
        Ok(())
    }

    /// Replaces the value of the input matching `css` with `value`, as a person typing would.
    pub async fn fill(&self, css: &str, value: &str) -> TestResult {
        let input = self.find(css).await?;
        input.clear().await?;
        input.send_keys(value).await?;
        Ok(())
    }

    /// Runs axe-core (WCAG 2.1 A/AA rules) on the current page and returns the serious and critical
    /// violations, one line each.
    pub async fn accessibility_violations(&self) -> Result<Vec<String>, Box<dyn std::error::Error>> {
        let axe_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/a11y/node_modules/axe-core/axe.min.js");
        let axe = std::fs::read_to_string(&axe_path)
            .map_err(|e| format!("{}: {e} (run `make a11y-deps`)", axe_path.display()))?;
        self.client.execute(&format!("{axe}\n;return true;"), vec![]).await?;
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
              .then((result) => done(result.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)))
              .catch((error) => done([`axe failed: ${error}`]));
        "#;
        let value = self.client.execute_async(script, vec![]).await?;
        Ok(serde_json::from_value(value)?)
    }

    /// The routes of every area listed in the main navigation, in order.
    pub async fn nav_routes(&self) -> Result<Vec<String>, Box<dyn std::error::Error>> {
        let value = self
            .client
            .execute(
                "return [...document.querySelectorAll('.app-nav a[data-route]')].map((a) => a.dataset.route);",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(value)?)
    }

    /// The element that has keyboard focus, described by tag, id and text.
    pub async fn focused(&self) -> Result<String, Box<dyn std::error::Error>> {
        let value = self
            .client
            .execute("const e = document.activeElement; return `${e.tagName.toLowerCase()}#${e.id}|${e.dataset.route ?? ''}|${e.textContent.trim().slice(0, 40)}`;", vec![])
            .await?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    /// Presses keys on whatever has focus, as a keyboard user would.
    pub async fn press(&self, keys: &str) -> TestResult {
        let active = self.client.active_element().await?;
        active.send_keys(keys).await?;
        Ok(())
    }

    /// An attribute of the element matching `css`.
    pub async fn attribute(&self, css: &str, name: &str) -> Result<Option<String>, Box<dyn std::error::Error>> {
        Ok(self.find(css).await?.attr(name).await?)
    }
}
