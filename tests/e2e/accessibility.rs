//! WCAG 2.1 AA in the real window: axe-core on every area of the app, and the app used by keyboard alone.

use fantoccini::key::Key;

use crate::harness::{run_app_test, TestResult};

#[tokio::test]
async fn every_area_has_no_serious_or_critical_accessibility_violations() {
    run_app_test("a11y-every-area", |ui, _| async move {
        ui.client.wait().for_element(fantoccini::Locator::Css("main[aria-busy='false'] h1")).await?;
        let routes = ui.nav_routes().await?;
        assert!(routes.len() >= 2, "the navigation lists the app's areas: {routes:?}");
        let mut problems = Vec::new();
        for route in &routes {
            ui.click(&format!("a[data-route='{route}']")).await?;
            ui.find(&format!("a[data-route='{route}'][aria-current='page']")).await?;
            ui.client.wait().for_element(fantoccini::Locator::Css("main[aria-busy='false'] h1")).await?;
            for violation in ui.accessibility_violations().await? {
                problems.push(format!("#{route}: {violation}"));
            }
        }
        assert!(problems.is_empty(), "axe-core found:\n{}", problems.join("\n"));

        // The checker itself must be able to fail: an unlabelled field is a critical violation.
        ui.client.execute("const i = document.createElement('input'); i.id = 'planted'; document.querySelector('main').append(i);", vec![]).await?;
        let planted = ui.accessibility_violations().await?;
        assert!(planted.iter().any(|v| v.contains("#planted")), "axe must report the planted unlabelled input: {planted:?}");
        Ok(()) as TestResult
    })
    .await;
}

#[tokio::test]
async fn the_app_can_be_used_with_the_keyboard_alone() {
    run_app_test("a11y-keyboard", |ui, _| async move {
        ui.client.wait().for_element(fantoccini::Locator::Css("main[aria-busy='false'] h1")).await?;
        ui.client.find(fantoccini::Locator::Css("body")).await?.send_keys(&Key::Tab.to_string()).await?;
        let first = ui.focused().await?;
        assert!(first.contains("Hoppa till innehållet"), "the first Tab reaches the skip link, got {first}");
        let mut reached_settings = false;
        // The skip link, the network switch and every area in the navigation come before Inställningar.
        for _ in 0..20 {
            ui.press(&Key::Tab.to_string()).await?;
            if ui.focused().await?.contains("|installningar|") {
                reached_settings = true;
                break;
            }
        }
        assert!(reached_settings, "Tab reaches the Inställningar link in the navigation");
        ui.press(&Key::Enter.to_string()).await?;
        ui.wait_for_text("main h1", "Inställningar").await?;
        let outline = ui
            .client
            .execute("const a = document.querySelector(\"a[data-route='installningar']\"); a.focus(); return getComputedStyle(a).outlineStyle;", vec![])
            .await?;
        assert_eq!(outline.as_str(), Some("solid"), "focused links show a visible outline");
        Ok(())
    })
    .await;
}
