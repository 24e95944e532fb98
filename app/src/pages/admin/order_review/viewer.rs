//! The picture viewer of the review page: zoom (buttons, `+` and `-`), rotate by quarter
//! turns (buttons, `r` and `R`), move a zoomed picture (drag, or arrow keys), back to the
//! whole picture (`0`). A rotated picture is scaled to stay whole inside its frame. The
//! transform is set through the CSSOM (`style:transform`), which the page's CSP allows
//! where it refuses `style` attributes.

use leptos::prelude::*;

use crate::domain::requirements::Pixels;
use crate::i18n::{t_string, use_i18n};

/// The zoom steps, as a factor of the fitted picture.
const ZOOMS: [f64; 7] = [1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0];
/// The frame's width over its height (as `.viewer-frame` in the style sheet).
const FRAME_RATIO: f64 = 4.0 / 3.0;
/// How far an arrow key moves a zoomed picture, in CSS pixels.
const PAN_STEP: f64 = 40.0;

/// The scale that keeps a picture of `size`, turned by `quarter_turns`, whole in the
/// frame, relative to its unturned fit (`object-fit: contain`).
pub fn turned_fit(size: Option<(f64, f64)>, quarter_turns: u8) -> f64 {
    let Some((w, h)) = size.filter(|(w, h)| *w > 0.0 && *h > 0.0) else {
        return 1.0;
    };
    if quarter_turns.is_multiple_of(2) {
        return 1.0;
    }
    let (frame_w, frame_h) = (FRAME_RATIO, 1.0);
    let upright = (frame_w / w).min(frame_h / h);
    let turned = (frame_w / h).min(frame_h / w);
    turned / upright
}

#[component]
pub fn ImageViewer(src: String, name: String, pixels: Option<Pixels>) -> impl IntoView {
    let i18n = use_i18n();
    let step = RwSignal::new(0usize);
    let turns = RwSignal::new(0u8);
    let pan = RwSignal::new((0.0f64, 0.0f64));
    // The picture's size: measured at upload, else read when it loads.
    let size = RwSignal::new(pixels.map(|p| (f64::from(p.width), f64::from(p.height))));
    let drag = StoredValue::new(None::<(f64, f64, f64, f64)>);

    let zoom = move || ZOOMS[step.get()];
    let zoom_by = move |delta: isize| {
        step.update(|s| *s = s.saturating_add_signed(delta).min(ZOOMS.len() - 1));
        if step.get_untracked() == 0 {
            pan.set((0.0, 0.0));
        }
    };
    let turn_by = move |delta: u8| turns.update(|t| *t = (*t + delta) % 4);
    let reset = move || {
        step.set(0);
        turns.set(0);
        pan.set((0.0, 0.0));
    };
    // None at rest: the page rendered on the server then has no `style` attribute at
    // all (its CSP would refuse one).
    let transform = move || {
        let (x, y) = pan.get();
        let scale = zoom() * turned_fit(size.get(), turns.get());
        let moved = x != 0.0 || y != 0.0 || turns.get() != 0 || (scale - 1.0).abs() > 1e-9;
        moved.then(|| {
            format!(
                "translate({x}px, {y}px) rotate({}deg) scale({scale})",
                u16::from(turns.get()) * 90
            )
        })
    };
    let zoom_text = move || {
        let percent = format!("{:.0}", zoom() * 100.0);
        t_string!(i18n, review.viewer.zoom, percent = percent).to_string()
    };
    // The labels name the picture, in the reader's language.
    let alt = {
        let name = name.clone();
        move || t_string!(i18n, review.preview_of, name = &name).to_string()
    };
    let (zoom_in, zoom_out, left, right, whole) = {
        let (n1, n2, n3, n4, n5) = (
            name.clone(),
            name.clone(),
            name.clone(),
            name.clone(),
            name.clone(),
        );
        (
            move || t_string!(i18n, review.viewer.zoom_in_on, name = &n1).to_string(),
            move || t_string!(i18n, review.viewer.zoom_out_of, name = &n2).to_string(),
            move || t_string!(i18n, review.viewer.rotate_left, name = &n3).to_string(),
            move || t_string!(i18n, review.viewer.rotate_right, name = &n4).to_string(),
            move || t_string!(i18n, review.viewer.show_all, name = &n5).to_string(),
        )
    };
    let (toolbar_label, frame_label) = {
        let (n1, n2) = (name.clone(), name);
        (
            move || t_string!(i18n, review.viewer.toolbar, name = &n1).to_string(),
            move || t_string!(i18n, review.viewer.frame_label, name = &n2).to_string(),
        )
    };

    let on_key = move |e: leptos::ev::KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let (dx, dy) = match e.key().as_str() {
            "+" | "=" => {
                zoom_by(1);
                (0.0, 0.0)
            }
            "-" => {
                zoom_by(-1);
                (0.0, 0.0)
            }
            "r" => {
                turn_by(1);
                (0.0, 0.0)
            }
            "R" => {
                turn_by(3);
                (0.0, 0.0)
            }
            "0" => {
                reset();
                (0.0, 0.0)
            }
            "ArrowLeft" => (PAN_STEP, 0.0),
            "ArrowRight" => (-PAN_STEP, 0.0),
            "ArrowUp" => (0.0, PAN_STEP),
            "ArrowDown" => (0.0, -PAN_STEP),
            _ => return,
        };
        // The viewer's keys are the viewer's: not the page's shortcuts, not scrolling.
        e.prevent_default();
        e.stop_propagation();
        if (dx, dy) != (0.0, 0.0) && step.get_untracked() > 0 {
            pan.update(|(x, y)| {
                *x += dx;
                *y += dy;
            });
        }
    };

    let on_pointer_down = move |e: leptos::ev::PointerEvent| {
        if step.get_untracked() == 0 {
            return;
        }
        let (x, y) = pan.get_untracked();
        drag.set_value(Some((
            f64::from(e.client_x()),
            f64::from(e.client_y()),
            x,
            y,
        )));
        // Keep following the pointer when it leaves the frame while dragging.
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            if let Some(frame) = e
                .current_target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            {
                let _ = frame.set_pointer_capture(e.pointer_id());
            }
        }
    };
    let on_pointer_move = move |e: leptos::ev::PointerEvent| {
        if let Some((sx, sy, x, y)) = drag.get_value() {
            pan.set((
                x + f64::from(e.client_x()) - sx,
                y + f64::from(e.client_y()) - sy,
            ));
        }
    };
    let on_load = move |e: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            if let Some(img) = e
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlImageElement>().ok())
            {
                size.set(Some((
                    f64::from(img.natural_width()),
                    f64::from(img.natural_height()),
                )));
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = e;
    };

    view! {
        <figure class="viewer">
            <div class="viewer-tools" role="toolbar" aria-label=toolbar_label>
                <button type="button" class="button-quiet" aria-label=zoom_out.clone() title=move || t_string!(i18n, review.viewer.zoom_out_hint)
                    disabled=move || step.get() == 0 on:click=move |_| zoom_by(-1)>"−"</button>
                <span class="viewer-zoom" aria-live="polite">{zoom_text}</span>
                <button type="button" class="button-quiet" aria-label=zoom_in.clone() title=move || t_string!(i18n, review.viewer.zoom_in_hint)
                    disabled=move || step.get() + 1 == ZOOMS.len() on:click=move |_| zoom_by(1)>"+"</button>
                <button type="button" class="button-quiet" aria-label=left.clone() title=move || t_string!(i18n, review.viewer.rotate_left_hint)
                    on:click=move |_| turn_by(3)>"⟲"</button>
                <button type="button" class="button-quiet" aria-label=right.clone() title=move || t_string!(i18n, review.viewer.rotate_right_hint)
                    on:click=move |_| turn_by(1)>"⟳"</button>
                <button type="button" class="button-quiet" aria-label=whole.clone() title=move || t_string!(i18n, review.viewer.whole_hint)
                    on:click=move |_| reset()>{move || t_string!(i18n, review.viewer.fit)}</button>
            </div>
            <div
                class="viewer-frame"
                class:zoomed=move || { step.get() > 0 }
                tabindex="0"
                aria-label=frame_label
                on:keydown=on_key
                on:pointerdown=on_pointer_down
                on:pointermove=on_pointer_move
                on:pointerup=move |_| drag.set_value(None)
                on:pointercancel=move |_| drag.set_value(None)
            >
                <img
                    class="viewer-image"
                    src=src
                    alt=alt
                    draggable="false"
                    style:transform=transform
                    on:load=on_load
                />
            </div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turned_pictures_stay_inside_the_frame() {
        // Upright, nothing changes.
        assert!((turned_fit(Some((1600.0, 1200.0)), 0) - 1.0).abs() < 1e-9);
        assert!((turned_fit(Some((1600.0, 1200.0)), 2) - 1.0).abs() < 1e-9);
        // A 4:3 picture in a 4:3 frame fills it; turned, its long side must fit the
        // frame's height: it shrinks to 3/4.
        assert!((turned_fit(Some((1600.0, 1200.0)), 1) - 0.75).abs() < 1e-9);
        // A tall scan turned to lie on its side fills more of the frame.
        assert!(turned_fit(Some((1000.0, 2000.0)), 3) > 1.0);
        assert!((turned_fit(None, 1) - 1.0).abs() < 1e-9);
    }
}
