//! Fuzz target: the networks registry reader (`networks::registry`, natverken.json): its rules hold for whatever it accepts, and what it writes reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use natverk_core::networks::registry::{Registry, MAX_NETWORKS};

fuzz_target!(|bytes: &[u8]| {
    let Ok(registry) = Registry::from_json(bytes) else { return };
    assert!(registry.networks.len() <= MAX_NETWORKS);
    for (index, known) in registry.networks.iter().enumerate() {
        assert!(known.path.is_absolute(), "{known:?}");
        assert!(!known.name.trim().is_empty() && !known.name.chars().any(char::is_control), "{known:?}");
        assert!(registry.networks[..index].iter().all(|earlier| earlier.path != known.path), "a path twice");
    }
    if let Some(current) = &registry.current {
        assert!(registry.networks.iter().any(|known| &known.path == current), "current is a known network");
    }
    let written = registry.to_json().expect("a registry read is written");
    assert_eq!(Registry::from_json(&written).as_ref(), Ok(&registry), "written and read back unchanged");
});
