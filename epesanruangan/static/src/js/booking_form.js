/** @odoo-module **/
// Request form: mark the rooms that are booked or too small for the chosen period
// (too small: not selectable).
import { rpc } from "@web/core/network/rpc";

function setup() {
    const form = document.querySelector("form.o_epesanruangan_form");
    if (!form) {
        return;
    }
    const select = form.querySelector("#room_id");
    const hint = form.querySelector(".o_epesanruangan_room_hint");
    // the labels come translated from the server-side template
    const label = (name) => form.querySelector(`.o_epesanruangan_labels .o_${name}`).textContent;
    const fields = ["day", "time_start", "time_stop", "participants"].map((name) =>
        form.querySelector(`#${name}`)
    );
    async function refresh() {
        const [day, timeStart, timeStop, participants] = fields.map((el) => el.value);
        if (!day || !timeStart || !timeStop) {
            return;
        }
        const result = await rpc("/my/ruangan/ruang_tersedia", {
            day,
            time_start: timeStart,
            time_stop: timeStop,
            participants: participants || 0,
        });
        const byId = Object.fromEntries(result.rooms.map((room) => [String(room.id), room]));
        let free = 0;
        for (const option of select.options) {
            const room = byId[option.value];
            if (!room) {
                continue;
            }
            const mark = room.busy ? label("booked") : room.free ? label("free") : label("small");
            option.textContent = `${room.name} (${room.capacity}) — ${mark}`;
            // a booked room stays selectable: a recurring request shows which dates are
            // free, and a single one may join the room's waiting list
            option.disabled = room.capacity < Number(participants || 0);
            option.dataset.free = room.free ? "1" : "0";
            free += room.free ? 1 : 0;
        }
        if (select.selectedOptions[0] && select.selectedOptions[0].disabled) {
            select.value = "";
        }
        hint.textContent = `${free} ${label("count")}`;
    }
    for (const el of fields) {
        el.addEventListener("change", refresh);
    }
    refresh();
}

if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
} else {
    setup();
}
