//! Medskick: needs and questions the network gathers from its members and carries upward (to FSS's
//! board, SKR, the government, Socialstyrelsen), with their status, the answer received, the search
//! over them and the compilation ("Sammanställning av medskick") that is sent upward.
//!
//! Parts depend on each other in one direction only: `index` ← `item` ← `search`, `compile`.
//! Medskick build on members (who raised it), meetings (where), and examples (their themes and the
//! examples a medskick points to); none of those imports `medskick`.

pub mod compile;
pub mod index;
pub mod item;
pub mod search;

pub use item::{
    change_status, create, delete, get, list, update, Addressee, ExampleRef, Medskick, MedskickInput, MeetingRef,
    MunicipalityRef, PersonRef, Status, StatusChange,
};
