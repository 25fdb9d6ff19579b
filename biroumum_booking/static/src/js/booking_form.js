/* Form Pemesanan: the price computed by the server, and PESAN -> terms -> PESAN. */
(function () {
    "use strict";

    function setup(form) {
        const facilityId = parseInt(form.dataset.facilityId, 10);
        const start = form.querySelector("input[name='start']");
        const stop = form.querySelector("input[name='stop']");
        const price = form.querySelector(".o_biroumum_price");
        const modal = form.querySelector(".o_biroumum_terms_modal");
        const consent = form.querySelector("input[name='terms_accepted']");
        const submit = form.querySelector(".o_biroumum_submit");
        const attendees = form.querySelector("input[name='attendees']");
        // the server's answer for the period entered: why it cannot be booked, if so
        let refusal = "";
        // the answer of the latest question only: changing the start and then the end
        // asks twice, and the answers may come back in either order
        let asked = 0;

        async function refreshPrice() {
            if (!start.value || !stop.value) {
                return;
            }
            const question = ++asked;
            const response = await fetch("/layanan/harga", {
                method: "POST",
                headers: { "Content-Type": "application/json" },
                body: JSON.stringify({
                    jsonrpc: "2.0",
                    method: "call",
                    params: {
                        facility_id: facilityId,
                        start: start.value,
                        stop: stop.value,
                        attendees: attendees ? attendees.value : "",
                    },
                }),
            });
            const data = await response.json();
            if (question !== asked) {
                return;
            }
            const result = data.result || {};
            refusal = result.error || "";
            price.textContent = refusal || result.text || "";
            // the reason beside the fields, announced to a screen reader
            price.classList.toggle("text-danger", Boolean(refusal));
            price.classList.toggle("fw-bold", Boolean(refusal));
            price.setAttribute("role", refusal ? "alert" : "status");
        }

        function showModal(show) {
            modal.classList.toggle("show", show);
            modal.classList.toggle("d-block", show);
            document.body.classList.toggle("modal-open", show);
        }

        start.addEventListener("change", refreshPrice);
        stop.addEventListener("change", refreshPrice);
        if (attendees) {
            attendees.addEventListener("change", refreshPrice);
        }
        form.querySelector(".o_biroumum_pesan").addEventListener("click", async () => {
            if (!form.reportValidity()) {
                return;
            }
            // the terms dialog opens only for a request that can be booked
            await refreshPrice();
            if (refusal) {
                price.scrollIntoView({ block: "center" });
                return;
            }
            showModal(true);
        });
        form.querySelector(".o_biroumum_terms_close").addEventListener("click", () =>
            showModal(false)
        );
        consent.addEventListener("change", () => {
            submit.disabled = !consent.checked;
        });
        refreshPrice();
        // a refused booking comes back with its message above the form: on a phone the
        // form is below the availability grid, so bring the message into view
        const error = form.querySelector(".o_biroumum_error");
        if (error) {
            error.scrollIntoView({ block: "center" });
        }
    }

    function init() {
        document.querySelectorAll("form.o_biroumum_booking_form").forEach(setup);
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
