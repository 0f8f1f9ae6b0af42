//! Build script of the desktop shell: Tauri's code generation, re-run whenever the UI files change.

fn main() {
    // The UI is embedded into the binary; make cargo rebuild when any file under ui/ changes.
    println!("cargo:rerun-if-changed=../ui");
    println!("cargo:rerun-if-changed=tauri.conf.json");
    println!("cargo:rerun-if-changed=tauri.linux.conf.json");
    println!("cargo:rerun-if-changed=capabilities");
    tauri_build::build()
}
