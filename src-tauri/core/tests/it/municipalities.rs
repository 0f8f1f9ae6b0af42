//! Reference data: 290 municipalities in 21 regions with SCB codes, names and Swedish ordering.

use std::collections::{BTreeMap, HashSet};

use natverk_core::sweden::municipalities;
use natverk_core::Database;

#[test]
fn all_290_municipalities_in_21_regions_with_their_scb_codes() {
    let db = Database::open_in_memory().unwrap();
    let list = municipalities::list(db.conn()).unwrap();
    assert_eq!(list.len(), 290);
    let codes: HashSet<&str> = list.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes.len(), 290, "codes are unique");
    let mut per_region: BTreeMap<&str, usize> = BTreeMap::new();
    for municipality in &list {
        assert_eq!(&municipality.code[..2], municipality.region_code, "{municipality:?}");
        *per_region.entry(municipality.region_code.as_str()).or_default() += 1;
    }
    assert_eq!(per_region.len(), 21);
    let expected = [
        ("01", 26),
        ("03", 8),
        ("04", 9),
        ("05", 13),
        ("06", 13),
        ("07", 8),
        ("08", 12),
        ("09", 1),
        ("10", 5),
        ("12", 33),
        ("13", 6),
        ("14", 49),
        ("17", 16),
        ("18", 12),
        ("19", 10),
        ("20", 15),
        ("21", 10),
        ("22", 7),
        ("23", 8),
        ("24", 15),
        ("25", 14),
    ];
    assert_eq!(per_region.into_iter().collect::<Vec<_>>(), expected);
}

#[test]
fn well_known_municipalities_have_the_right_codes_and_names() {
    let db = Database::open_in_memory().unwrap();
    for (code, name, display_name, region) in [
        ("0180", "Stockholm", "Stockholms stad", "Stockholms län"),
        ("1480", "Göteborg", "Göteborgs Stad", "Västra Götalands län"),
        ("1280", "Malmö", "Malmö stad", "Skåne län"),
        ("0380", "Uppsala", "Uppsala kommun", "Uppsala län"),
        ("2584", "Kiruna", "Kiruna kommun", "Norrbottens län"),
        ("0980", "Gotland", "Region Gotland", "Gotlands län"),
        ("2080", "Falun", "Falu kommun", "Dalarnas län"),
        ("2380", "Östersund", "Östersunds kommun", "Jämtlands län"),
    ] {
        let municipality = municipalities::get(db.conn(), code).unwrap();
        assert_eq!(
            (municipality.name.as_str(), municipality.display_name.as_str(), municipality.region_name.as_str()),
            (name, display_name, region),
            "{code}"
        );
    }
    assert_eq!(municipalities::get(db.conn(), "9999").unwrap_err().kind(), "not_found");
}

#[test]
fn within_a_region_municipalities_are_in_swedish_alphabetical_order() {
    let db = Database::open_in_memory().unwrap();
    let jamtland: Vec<String> = municipalities::list(db.conn())
        .unwrap()
        .into_iter()
        .filter(|m| m.region_code == "23")
        .map(|m| m.name)
        .collect();
    assert_eq!(jamtland, ["Berg", "Bräcke", "Härjedalen", "Krokom", "Ragunda", "Strömsund", "Åre", "Östersund"]);
}
