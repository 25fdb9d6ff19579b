import { registry } from "@web/core/registry";

const PDF_BASE64 = btoa("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

function setValue(selector, value) {
    const el = document.querySelector(selector);
    el.value = value;
    el.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("epesanruangan_operator_tour", {
    url: "/my/ruangan",
    steps: () => [
        {
            content: "Open the booking form",
            trigger: "a.o_epesanruangan_new",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "input#event_name",
            run: "edit Rapat Tur Operator",
        },
        {
            trigger: "input#participants",
            run: "edit 12",
        },
        {
            content: "Pick a date next week",
            trigger: "input#day",
            run() {
                const day = new Date(Date.now() + 7 * 24 * 3600 * 1000);
                setValue("input#day", day.toISOString().slice(0, 10));
                setValue("input#participants", "12");
            },
        },
        {
            content: "The free rooms are marked; choose the first free one",
            trigger: "select#room_id:has(option[data-free='1'])",
            run() {
                const option = document.querySelector("select#room_id option[data-free='1']");
                setValue("select#room_id", option.value);
            },
        },
        {
            content: "Attach the request letter",
            trigger: "input#letter",
            async run() {
                const blob = await (await fetch(`data:application/pdf;base64,${PDF_BASE64}`)).blob();
                const transfer = new DataTransfer();
                transfer.items.add(new File([blob], "surat-tur.pdf", { type: "application/pdf" }));
                const input = document.querySelector("input#letter");
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            trigger: "input#qty_" + "1, input[name^='qty_']",
            run() {
                setValue("input[name^='qty_']", "1");
            },
        },
        {
            content: "Submit",
            trigger: "button.o_epesanruangan_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request is submitted",
            trigger: ".o_epesanruangan_message",
        },
        {
            trigger: "h4:contains('Rapat Tur Operator')",
        },
        {
            content: "Cancel it before the event: the confirmation opens",
            trigger: "summary.o_epesanruangan_cancel",
            run: "click",
        },
        {
            content: "Give a reason (optional)",
            trigger: "textarea[name=reason]",
            run: "edit Acara ditunda",
        },
        {
            content: "Confirm the cancellation",
            trigger: "button.o_layanan_cancel_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_epesanruangan_message",
        },
    ],
});

// a weekly coordination meeting: three weeks, the second taken; the dates shown one by
// one, then the free ones requested (issue 18 item 1)
registry.category("web_tour.tours").add("epesanruangan_series_tour", {
    steps: () => [
        { trigger: "input#event_name", run: "edit Rapat Tur Mingguan" },
        { trigger: "input#participants", run: "edit 12" },
        {
            content: "Next week, 09.00-11.00, the big room",
            trigger: "select#room_id:has(option[data-name='Ruang Uji Besar'])",
            run() {
                const day = new Date(Date.now() + 7 * 24 * 3600 * 1000);
                setValue("input#day", day.toISOString().slice(0, 10));
                setValue("input#time_start", "09:00");
                setValue("input#time_stop", "11:00");
                const option = document.querySelector(
                    "select#room_id option[data-name='Ruang Uji Besar']"
                );
                setValue("select#room_id", option.value);
            },
        },
        { trigger: "select#repeat", run: "select weekly" },
        { trigger: "input#repeat_count", run: "edit 3" },
        {
            content: "Attach the request letter",
            trigger: "input#letter",
            async run() {
                const blob = await (await fetch(`data:application/pdf;base64,${PDF_BASE64}`)).blob();
                const transfer = new DataTransfer();
                transfer.items.add(new File([blob], "surat-rapat.pdf", { type: "application/pdf" }));
                const input = document.querySelector("input#letter");
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        { trigger: "button.o_epesanruangan_submit", run: "click", expectUnloadPage: true },
        {
            content: "Each date, before anything is requested: the second week is taken",
            trigger: ".o_epesanruangan_series_preview .o_layanan_occurrence_taken",
            run() {
                const free = document.querySelectorAll(".o_layanan_occurrence_free");
                const taken = document.querySelectorAll(".o_layanan_occurrence_taken");
                if (free.length !== 2 || taken.length !== 1) {
                    throw new Error(`${free.length} free and ${taken.length} taken dates shown`);
                }
            },
        },
        { trigger: ".o_epesanruangan_letter_kept" },
        { trigger: ".o_epesanruangan_series_confirm", run: "click", expectUnloadPage: true },
        { trigger: ".o_epesanruangan_message" },
    ],
});
