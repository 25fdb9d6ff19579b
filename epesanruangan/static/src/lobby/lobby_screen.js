/* The Balaikota lobby screen (/ruangan/layar): a live clock in WIB, and the day's
 * events fetched again every minute. A plain script, no Odoo bundle: the screen is a
 * TV's browser left open for days. The clock follows the server's time (the TV's own
 * clock may be wrong), corrected at each refresh. */
(function () {
    "use strict";

    const REFRESH_MS = 60 * 1000;
    const TZ = "Asia/Jakarta";
    const timeFormat = new Intl.DateTimeFormat("id-ID", {
        timeZone: TZ,
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hourCycle: "h23",
    });
    const dateFormat = new Intl.DateTimeFormat("id-ID", {
        timeZone: TZ,
        weekday: "long",
        day: "numeric",
        month: "long",
        year: "numeric",
    });
    let offset = 0; // server time minus this device's time, in milliseconds

    function syncOffset(root) {
        const server = Number(root.dataset.serverTime);
        if (server) {
            offset = server - Date.now();
        }
    }

    function tick() {
        const now = new Date(Date.now() + offset);
        const parts = {};
        for (const part of timeFormat.formatToParts(now)) {
            parts[part.type] = part.value;
        }
        document.getElementById("o_lobby_clock").textContent = `${parts.hour}.${parts.minute}`;
        document.getElementById("o_lobby_seconds").textContent = `.${parts.second}`;
        document.getElementById("o_lobby_date").textContent = dateFormat.format(now);
        // the next tick on the next second of the server's clock
        setTimeout(tick, 1000 - ((Date.now() + offset) % 1000) + 5);
    }

    async function refresh() {
        try {
            const response = await fetch(window.location.href, { cache: "no-store" });
            if (response.ok) {
                const page = new DOMParser().parseFromString(await response.text(), "text/html");
                const board = page.getElementById("o_lobby_board");
                if (board && page.getElementById("o_lobby")) {
                    document.getElementById("o_lobby_board").replaceWith(board);
                    syncOffset(page.getElementById("o_lobby"));
                }
            }
        } catch {
            // the network is down: the screen keeps the last schedule it had
        }
        setTimeout(refresh, REFRESH_MS);
    }

    syncOffset(document.getElementById("o_lobby"));
    tick();
    setTimeout(refresh, REFRESH_MS);
})();
