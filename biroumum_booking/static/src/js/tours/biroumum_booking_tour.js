import { registry } from "@web/core/registry";

function nextWeekday() {
    const day = new Date(Date.now() + 4 * 24 * 3600 * 1000);
    if (day.getDay() === 0) {
        day.setDate(day.getDate() + 1);
    }
    return day.toISOString().slice(0, 10);
}

function setValue(selector, value) {
    const input = document.querySelector(selector);
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

// Pendaftaran Member Baru: the page then says to open the link sent by e-mail
registry.category("web_tour.tours").add("biroumum_booking_signup_tour", {
    url: "/web/signup?redirect=/layanan/ruang-rapat",
    steps: () => [
        { trigger: "input[name='name']", run: "edit Tur Member" },
        { trigger: "input[name='login']", run: "edit tur@example.com" },
        { trigger: "input[name='phone']", run: "edit 081298765432" },
        { trigger: "input[name='biroumum_nik']", run: "edit 3374050107900002" },
        { trigger: "textarea[name='street']", run: "edit Jl. Pahlawan No. 9, Semarang" },
        { trigger: "input[name='password']", run: "edit Tur-Rahasia-123" },
        { trigger: "input[name='confirm_password']", run: "edit Tur-Rahasia-123" },
        { trigger: ".oe_signup_form button[type='submit']", run: "click", expectUnloadPage: true },
        { trigger: ".o_layanan_signup_sent:contains('tur@example.com')" },
    ],
});

// The link of the e-mail, the login, and a booking (starts at the confirmation link)
registry.category("web_tour.tours").add("biroumum_booking_tour", {
    steps: () => [
        { trigger: ".o_layanan_email_confirmation .alert-success" },
        { trigger: ".o_layanan_email_confirmation a.btn", run: "click", expectUnloadPage: true },
        { trigger: "input[name='password']", run: "edit Tur-Rahasia-123" },
        { trigger: ".oe_login_form button[type='submit']", run: "click", expectUnloadPage: true },
        {
            trigger: ".o_biroumum_facility_card:contains('Ruang Tur') .o_biroumum_book_now",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "A night period: told why at once, beside the fields",
            trigger: "form.o_biroumum_booking_form input[name='start']",
            run() {
                const day = nextWeekday();
                setValue("input[name='start']", `${day}T21:00`);
                setValue("input[name='stop']", `${day}T23:00`);
            },
        },
        { trigger: "input[name='purpose']", run: "edit Rapat tur" },
        { trigger: ".o_biroumum_price.text-danger[role='alert']:contains('jam layanannya')" },
        {
            content: "PESAN does not open the terms for a request that cannot be booked",
            trigger: ".o_biroumum_pesan",
            run: "click",
        },
        { trigger: "body:not(.modal-open) .o_biroumum_price.text-danger" },
        {
            trigger: "form.o_biroumum_booking_form input[name='start']",
            run() {
                const day = nextWeekday();
                setValue("input[name='start']", `${day}T10:00`);
                setValue("input[name='stop']", `${day}T12:00`);
            },
        },
        { trigger: ".o_biroumum_price:not(.text-danger)" },
        { trigger: ".o_biroumum_price:contains('Rp 400.000')" },
        { trigger: ".o_biroumum_pesan", run: "click" },
        { trigger: ".o_biroumum_terms_modal.show .o_biroumum_submit:disabled" },
        { trigger: "#terms_accepted", run: "click" },
        { trigger: ".o_biroumum_submit:enabled", run: "click", expectUnloadPage: true },
        { trigger: ".alert-success:contains('BU/'), .alert-success" },
        { trigger: "h1:contains('BU/')" },
    ],
});

// "Tampilkan yang kosong" for a period, then a facility: its form has that period
registry.category("web_tour.tours").add("biroumum_booking_period_tour", {
    url: "/layanan/ruang-rapat",
    steps: () => [
        {
            content: "Ask which rooms are free on a weekday, 10.00-12.00",
            trigger: "form.o_biroumum_free_filter input[name='mulai']",
            run() {
                const day = nextWeekday();
                setValue("input[name='mulai']", `${day}T10:00`);
                setValue("input[name='selesai']", `${day}T12:00`);
            },
        },
        {
            trigger: "form.o_biroumum_free_filter button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        { trigger: "p:contains('kosong selama seluruh periode')" },
        {
            trigger: ".o_biroumum_facility_card:contains('Ruang Tur') .o_biroumum_book_now",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The form has the period chosen on the list",
            trigger: "form.o_biroumum_booking_form input[name='start']",
            run() {
                const day = nextWeekday();
                const start = document.querySelector("input[name='start']").value;
                const stop = document.querySelector("input[name='stop']").value;
                if (start !== `${day}T10:00` || stop !== `${day}T12:00`) {
                    throw new Error(`the form has ${start} - ${stop}, not the chosen period`);
                }
            },
        },
        // and the server priced it at once: 2 hours x Rp 200.000
        { trigger: ".o_biroumum_price:not(.text-danger):contains('Rp 400.000')" },
    ],
});

// the Pengelola hands the vehicle over, then takes it back (issue 18 item 4)
registry.category("web_tour.tours").add("biroumum_booking_handover_tour", {
    steps: () => [
        { trigger: ".o_form_view button[name='action_hand_over_vehicle']", run: "click" },
        { trigger: ".modal div[name='odometer'] input", run: "edit 45210" },
        { trigger: ".modal div[name='fuel'] input[data-value='75']", run: "click" },
        { trigger: ".modal div[name='condition'] textarea", run: "edit Baret kecil pintu kiri" },
        { trigger: ".modal button[name='action_confirm']", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        { trigger: ".o_form_view button[name='action_return_vehicle']", run: "click" },
        {
            content: "The reading when it went out is shown and proposed",
            trigger: ".modal div[name='last_odometer']:contains('45,210')",
        },
        { trigger: ".modal div[name='odometer'] input", run: "edit 45100" },
        { trigger: ".modal button[name='action_confirm']", run: "click" },
        // refused in words, nothing recorded
        { trigger: ".o_error_dialog:contains('below the last one')" },
        { trigger: ".o_error_dialog .o-default-button", run: "click" },
        { trigger: ".modal div[name='odometer'] input", run: "edit 45398" },
        { trigger: ".modal button[name='action_confirm']", run: "click" },
        { trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')" },
        { trigger: ".o_form_view .o_notebook a:contains('Vehicle hand-over')", run: "click" },
        { trigger: ".o_form_view div[name='distance_km']:contains('188')" },
    ],
});

// the member arrives and checks in from their booking page (issue 18 item 5)
registry.category("web_tour.tours").add("biroumum_booking_checkin_tour", {
    steps: () => [
        { trigger: ".o_biroumum_checkin:contains('Check-in')" },
        { trigger: ".o_biroumum_checkin_button", run: "click", expectUnloadPage: true },
        { trigger: ".o_biroumum_checked_in[role='status']" },
        { trigger: "body:not(:has(.o_biroumum_checkin_button))" },
    ],
});

// a period waited for is free: the member takes the offer (issue 18 item 6)
registry.category("web_tour.tours").add("layanan_waitlist_offer_tour", {
    steps: () => [
        { trigger: ".o_layanan_waitlist .o_layanan_waitlist_state:contains('Ditawarkan')" },
        { trigger: ".o_layanan_waitlist_take", run: "click", expectUnloadPage: true },
        { trigger: "h1:contains('BU/')" },
    ],
});

// a weekly coordination meeting: three weeks, shown date by date, then booked (issue 18 item 1)
registry.category("web_tour.tours").add("biroumum_booking_series_tour", {
    steps: () => [
        {
            trigger: "form.o_biroumum_booking_form input[name='start']",
            run() {
                const day = nextWeekday();
                setValue("input[name='start']", `${day}T10:00`);
                setValue("input[name='stop']", `${day}T12:00`);
            },
        },
        { trigger: "input[name='purpose']", run: "edit Rapat koordinasi mingguan" },
        { trigger: "select[name='repeat']", run: "select weekly" },
        { trigger: "input[name='repeat_count']", run: "edit 3" },
        { trigger: ".o_biroumum_price:not(.text-danger)" },
        { trigger: ".o_biroumum_pesan", run: "click" },
        { trigger: "#terms_accepted", run: "click" },
        { trigger: ".o_biroumum_submit:enabled", run: "click", expectUnloadPage: true },
        {
            content: "Each date of the series, free, before anything is booked",
            trigger: ".o_biroumum_series_preview",
            run() {
                const free = document.querySelectorAll(".o_layanan_occurrence_free");
                if (free.length !== 3) {
                    throw new Error(`${free.length} free dates shown, not 3`);
                }
            },
        },
        { trigger: ".o_biroumum_series_confirm", run: "click", expectUnloadPage: true },
        { trigger: "h1:contains('BU/')" },
    ],
});

// book -> (approved) -> pay -> Lunas -> receipt (issue 19): the member books a paid room...
registry.category("web_tour.tours").add("biroumum_booking_pay_book_tour", {
    steps: () => [
        {
            trigger: "form.o_biroumum_booking_form input[name='start']",
            run() {
                const day = nextWeekday();
                setValue("input[name='start']", `${day}T10:00`);
                setValue("input[name='stop']", `${day}T12:00`);
            },
        },
        { trigger: "input[name='purpose']", run: "edit Rapat pengurus" },
        { trigger: ".o_biroumum_price:not(.text-danger):contains('Rp 400.000')" },
        { trigger: ".o_biroumum_pesan", run: "click" },
        { trigger: "#terms_accepted", run: "click" },
        { trigger: ".o_biroumum_submit:enabled", run: "click", expectUnloadPage: true },
        { trigger: "h1:contains('BU/')" },
        { content: "Nothing to pay before the approval", trigger: "body:not(:has(.o_biroumum_pay))" },
    ],
});

// ...and once the Pengelola approved it, pays it from the booking's page (payment_demo)
registry.category("web_tour.tours").add("biroumum_booking_pay_tour", {
    steps: () => [
        { content: "The amount due", trigger: ".o_biroumum_to_pay:contains('Rp 400.000')" },
        {
            trigger: ".o_biroumum_to_pay a.o_biroumum_pay:contains('Bayar Sekarang')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The invoice's page opens with its payment dialog",
            trigger: "#pay_with.show form.o_payment_form",
        },
        {
            trigger: "#pay_with input[name='o_payment_radio'][data-payment-method-code='demo']",
            run: "click",
        },
        { trigger: "#pay_with input[name='customer_input']", run: "edit 4242424242424242" },
        {
            trigger: "#pay_with button[name='o_payment_submit_button']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Through the payment's status page, back to the invoice: paid",
            trigger: "div[name='invoice_paid_badge']",
            run() {
                window.location.href = "/my/bookings";
            },
            expectUnloadPage: true,
        },
        { trigger: "a[href^='/my/bookings/']:contains('BU/')", run: "click", expectUnloadPage: true },
        { trigger: ".o_biroumum_paid:contains('Lunas')" },
        { trigger: "body:not(:has(.o_biroumum_pay))" },
    ],
});
