import re
from datetime import datetime, timedelta

import lxml.html
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import NOW, BiroumumCase


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestCheckin(BiroumumCase):
    """Check-in and no-shows (issue 18 item 5)."""

    def setUp(self):
        super().setUp()
        self.room.checkin_grace_minutes = 15

    def _approved(self, day=25, partner=None):
        # 09.00-12.00 WIB
        booking = self._booking(
            start=datetime(2026, 11, day, 2), stop=datetime(2026, 11, day, 5), partner=partner
        )
        booking.action_submit()
        booking.with_user(self.manager).action_approve()
        return booking

    def test_the_staff_check_in_within_the_window_only(self):
        booking = self._approved()
        with freeze_time("2026-11-25 01:29:00"), self.assertRaisesRegex(UserError, "opens at"):
            booking.with_user(self.manager).action_check_in()
        with self.assertRaises(AccessError):
            booking.with_user(self.manager2).action_check_in()
        with freeze_time("2026-11-25 02:10:00"):
            booking.with_user(self.manager).action_check_in()
        self.assertEqual(booking.checked_in_at, datetime(2026, 11, 25, 2, 10))
        self.assertIn("Checked in", booking.message_ids[:1].body)
        # the check-in is the booking's own: never written directly
        with self.assertRaises(UserError):
            booking.with_user(self.manager).write({"checked_in_at": False})
        # a checked-in booking is never released
        with freeze_time("2026-11-25 03:00:00"):
            self.assertEqual(self.env["biroumum.booking"]._cron_release_no_shows(), 0)
        self.assertEqual(booking.state, "approved")
        late = self._approved(day=26)
        with freeze_time("2026-11-26 02:16:00"), self.assertRaisesRegex(UserError, "closed at"):
            late.with_user(self.manager).action_check_in()

    def test_a_booking_nobody_checked_in_is_released_and_counted(self):
        booking = self._approved()
        other = self._approved(day=26)
        invoice = booking.invoice_id
        Booking = self.env["biroumum.booking"]
        with freeze_time("2026-11-25 02:15:00"):
            self.assertEqual(Booking._cron_release_no_shows(), 0)  # still within the grace
        with freeze_time("2026-11-25 02:16:00"):
            self.assertEqual(Booking._cron_release_no_shows(), 1)
            self.assertEqual(Booking._cron_release_no_shows(), 0)
        self.assertEqual((booking.state, booking.no_show), ("cancelled", True))
        self.assertIn("15 minutes", booking.reason)
        self.assertEqual(other.state, "approved")
        self.assertEqual(invoice.payment_state, "reversed")
        # the member is told: the cancellation e-mail with the reason
        queued = (
            self.env["biroumum.booking.notice.queue"]
            .sudo()
            .search([("booking_id", "=", booking.id), ("notice", "=", "cancelled")])
        )
        self.assertTrue(queued)
        # the slot is free for someone else at once
        with freeze_time("2026-11-25 02:20:00"):
            again = self._booking(
                start=datetime(2026, 11, 25, 3),
                stop=datetime(2026, 11, 25, 5),
                partner=self.member2.partner_id,
            )
            again.action_submit()
        self.assertEqual(again.state, "submitted")
        # counted per member, for the staff
        partner = self.member.partner_id.with_user(self.manager)
        self.assertEqual(partner.biroumum_no_show_count, 1)
        self.assertEqual(booking.with_user(self.manager).booker_no_show_count, 1)

    def test_a_check_in_after_the_release_committed_is_refused_by_the_database(self):
        """The job released the booking (and committed) while the Pengelola's page still
        showed it approved: the check-in's own UPDATE finds nothing to check in."""
        booking = self._approved()
        self.assertEqual(booking.state, "approved")  # in this transaction's cache
        self.env.cr.execute(
            "UPDATE biroumum_booking SET state = 'cancelled', no_show = true WHERE id = %s",
            [booking.id],
        )
        with freeze_time("2026-11-25 02:05:00"), self.assertRaisesRegex(UserError, "no-show"):
            booking.with_user(self.manager).action_check_in()
        booking.invalidate_recordset()
        self.assertFalse(booking.checked_in_at)

    def test_a_facility_without_a_grace_period_asks_for_no_check_in(self):
        self.room.checkin_grace_minutes = 0
        booking = self._approved()
        with freeze_time("2026-11-25 06:00:00"):
            self.assertEqual(self.env["biroumum.booking"]._cron_release_no_shows(), 0)
            with self.assertRaisesRegex(UserError, "asks for no check-in"):
                booking.with_user(self.manager).action_check_in()
        self.assertEqual(booking.state, "approved")


@tagged("post_install", "-at_install")
class TestCheckinPortal(HttpCase):
    """The member checks in with their own link (the QR code at the door), in a real
    browser; another member's link is not theirs."""

    def setUp(self):
        super().setUp()
        env = self.env
        env["res.lang"]._activate_lang("id_ID")
        env["ir.module.module"]._load_module_terms(["layanan_base", "biroumum_booking"], ["id_ID"])
        self.manager = new_test_user(
            env, login="bu_ci_mgr", groups="biroumum_booking.group_manager"
        )
        self.member = new_test_user(
            env, login="bu_ci_member", groups="base.group_portal", lang="id_ID"
        )
        self.other = new_test_user(env, login="bu_ci_other", groups="base.group_portal")
        room = env["biroumum.facility"].create(
            {
                "name": "Aula Check-in",
                "category": "venue",
                "capacity": 100,
                "price": 0,
                "manager_user_id": self.manager.id,
                "checkin_grace_minutes": 15,
            }
        )
        # started ten minutes ago: the check-in is open
        start = fields.Datetime.now().replace(microsecond=0) - timedelta(minutes=10)
        self.booking = (
            env["biroumum.booking"]
            .sudo()
            .create(
                {
                    "facility_id": room.id,
                    "partner_id": self.member.partner_id.id,
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "purpose": "Rapat warga",
                    "attendees": 40,
                }
            )
        )
        self.booking._accept_terms(env["biroumum.terms"]._get_current("venue"))
        # approved before it started (the rules refuse a start in the past)
        self.booking.sudo().write({"state": "approved"})
        self.booking._portal_ensure_token()

    def test_the_member_checks_in_in_the_browser(self):
        page = self.url_open(self.booking._checkin_url()).text
        # whoever holds the link sees the page with its QR code and button, in Indonesian
        html = lxml.html.fromstring(page)
        self.assertTrue(html.xpath('//img[hasclass("o_biroumum_checkin_qr")]'))
        self.start_tour(
            f"/my/bookings/{self.booking.id}", "biroumum_booking_checkin_tour", login="bu_ci_member"
        )
        self.assertTrue(self.booking.checked_in_at)

    def test_another_members_session_without_the_link_checks_nothing_in(self):
        self.authenticate("bu_ci_other", "bu_ci_other")
        url = f"/my/bookings/{self.booking.id}/checkin"
        page = self.url_open("/my/account").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(url, data={"csrf_token": csrf}, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self.assertFalse(self.booking.checked_in_at)
