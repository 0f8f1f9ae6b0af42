//! Build script of the floor app: Tauri's code generation for its one-page UI.

fn main() {
    println!("cargo:rerun-if-changed=ui");
    println!("cargo:rerun-if-changed=tauri.conf.json");
    tauri_build::build()
}
