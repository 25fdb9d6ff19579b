from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import NOW, BiroumumCase


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestWaitlist(BiroumumCase):
    """The waiting list (issue 18 item 6): a member who found a period taken waits for
    it; when it frees, the first in line is offered it by e-mail for a limited time,
    during which no one else books it; then the next."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member3 = new_test_user(
            cls.env, login="bu_member3", groups="base.group_portal", name="Third Member"
        )
        cls.terms = cls.env["biroumum.terms"]._get_current("meeting_room")

    def _join(self, user, start=datetime(2026, 11, 25, 2), stop=datetime(2026, 11, 25, 5)):
        return (
            self.env["layanan.booking.waitlist"]
            .with_user(user)
            ._join(
                "biroumum.booking",
                self.room,
                start,
                stop,
                {"purpose": "Rapat menunggu", "attendees": 8, "terms_id": self.terms.id},
            )
        )

    def _held(self):
        booking = self._booking()  # Wednesday 25 November, 09.00-12.00 WIB
        booking.action_submit()
        booking.with_user(self.manager).action_approve()
        return booking

    def _mails_to(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])

    def test_join_only_a_taken_period_and_only_once(self):
        with self.assertRaisesRegex(UserError, "free: book it directly"):
            self._join(self.member2)
        self._held()
        entry = self._join(self.member2)
        self.assertEqual((entry.state, entry.partner_id), ("waiting", self.member2.partner_id))
        with self.assertRaisesRegex(UserError, "already on the waiting list"):
            self._join(self.member2)

    def test_a_cancellation_offers_the_period_to_the_first_in_line_then_the_next(self):
        held = self._held()
        first = self._join(self.member2)
        second = self._join(self.member3)
        held.with_user(self.manager).action_cancel(reason="Acara batal")
        self.assertEqual((first.state, second.state), ("offered", "waiting"))
        self.assertEqual(first.offer_deadline, datetime(2026, 11, 24, 1))  # 24 hours
        mail = self._mails_to(self.member2.partner_id).filtered(
            lambda m: "Ruang Rapat Uji" in (m.subject or "")
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(f"/daftar-tunggu/{first.token}", mail.body_html)
        self.assertFalse(self._mails_to(self.member3.partner_id))
        # while the offer stands, no one else books the period
        other = self._booking(partner=self.member3.partner_id)
        with self.assertRaisesRegex(ValidationError, "offered to the first on its waiting list"):
            other.with_user(self.member3).action_submit()
        # not taken in time: it expires and goes to the next
        Waitlist = self.env["layanan.booking.waitlist"]
        self.assertEqual(Waitlist._cron_expire_offers(), 0)
        with freeze_time("2026-11-24 01:01:00"):
            self.assertEqual(Waitlist._cron_expire_offers(), 1)
            self.assertEqual((first.state, second.state), ("expired", "offered"))
            with self.assertRaisesRegex(UserError, "no longer open"):
                first.with_user(self.member2).action_take()
            # someone else's offer is not theirs
            with self.assertRaises(AccessError):
                second.with_user(self.member2).action_take()
            booking = second.with_user(self.member3).action_take()
        self.assertEqual(second.state, "booked")
        self.assertEqual(second.booking_id, booking.id)
        self.assertEqual(
            (booking.state, booking.partner_id, booking.purpose, booking.attendees),
            ("submitted", self.member3.partner_id, "Rapat menunggu", 8),
        )
        self.assertEqual(
            (booking.start, booking.stop, booking.terms_id), (held.start, held.stop, self.terms)
        )

    def test_a_rejection_frees_the_period_and_leaving_passes_the_offer_on(self):
        pending = self._booking()
        pending.action_submit()
        first = self._join(self.member2)
        second = self._join(self.member3)
        pending.with_user(self.manager).action_reject(reason="Ruangan dipakai pimpinan")
        self.assertEqual(first.state, "offered")
        first.with_user(self.member2).action_leave()
        self.assertEqual((first.state, second.state), ("left", "offered"))

    def test_an_offer_is_only_for_a_period_that_is_wholly_free(self):
        # two bookings hold the morning; the member waits for all of it
        early = self._booking(start=datetime(2026, 11, 25, 2), stop=datetime(2026, 11, 25, 3))
        late = self._booking(start=datetime(2026, 11, 25, 3), stop=datetime(2026, 11, 25, 5))
        (early | late).action_submit()
        entry = self._join(self.member2)
        early.with_user(self.manager).action_reject(reason="Bentrok")
        self.assertEqual(entry.state, "waiting")  # the rest of it is still held
        late.with_user(self.manager).action_reject(reason="Bentrok")
        self.assertEqual(entry.state, "offered")

    def test_a_period_that_began_still_taken_leaves_nothing_to_wait_for(self):
        self._held()
        entry = self._join(self.member2)
        Waitlist = self.env["layanan.booking.waitlist"]
        Waitlist._cron_expire_offers()
        self.assertEqual(entry.state, "waiting")
        with freeze_time("2026-11-25 02:01:00"):
            Waitlist._cron_expire_offers()
        self.assertEqual(entry.state, "expired")
