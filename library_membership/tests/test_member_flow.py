import base64
import datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import NIK_FEMALE, NIK_MALE, PHOTO, LibraryCase

# the steps' role check (layanan.service.request's _check_transition), in words
ONLY_OFFICERS = "^Only the role “Officer” may do this step.$"
ONLY_MANAGERS = "^Only the role “Manager” may do this step.$"


@tagged("post_install", "-at_install")
class TestMemberFlow(LibraryCase):
    def test_counter_flow_with_timing(self):
        """Each SOP step is logged with the officer, its duration and its target."""
        with freeze_time("2026-11-23 02:00:00") as frozen:
            member = self._new_member()
            self.assertEqual(member.state, "draft")
            self.assertEqual(member.service_start, datetime.datetime(2026, 11, 23, 2, 0))
            self.assertTrue(member.reference.startswith("DAF/2026/"))
            frozen.tick(8)
            member.action_register()
            frozen.tick(240)
            member.action_form_filled()
            frozen.tick(310)
            member.action_submit()
            self.assertEqual(member.state, "submitted")
            frozen.tick(50)
            member.action_crosscheck()
            self.assertEqual(member.state, "verified")
            frozen.tick(20)
            member.image_1920 = PHOTO
            member.action_photo_taken()
            frozen.tick(9)
            action = member.action_print_card()
        self.assertEqual(action["report_name"], "library_membership.report_member_card")
        self.assertEqual(member.state, "active")
        self.assertTrue(member.member_number)
        self.assertEqual(member.card_date, datetime.date(2026, 11, 23))
        self.assertEqual(member.expiry_date, datetime.date(2027, 11, 23))  # 12 months
        steps = {s.step: s for s in member.step_ids}
        self.assertEqual(
            {k: (s.duration, s.target_seconds) for k, s in steps.items()},
            {
                "register": (8, 10),
                "form": (240, 300),
                "input": (310, 300),
                "crosscheck": (50, 60),
                "photo": (20, 30),
                "print": (9, 10),
            },
        )
        self.assertTrue(steps["input"].exceeded)
        self.assertFalse(steps["form"].exceeded)
        self.assertEqual(set(member.step_ids.user_id.ids), {self.officer.id})
        self.assertEqual(member.service_duration, 8 + 240 + 310 + 50 + 20 + 9)
        self.assertFalse(member.service_exceeded)
        # the chatter tracks the states (mail tracking runs at commit, not in tests)
        self.assertTrue(member._fields["state"].tracking)

    def test_slow_service_is_listed(self):
        with freeze_time("2026-11-23 02:00:00") as frozen:
            member = self._new_member(image_1920=PHOTO)
            member.action_register()
            frozen.tick(600)
            member.action_form_filled()
            frozen.tick(400)
            member.action_submit()
            member.action_crosscheck()
            member.action_photo_taken()
            member.action_print_card()
        self.assertEqual(member.service_duration, 1000)
        self.assertTrue(member.service_exceeded)
        self.assertIn(member, self.Member.search([("service_exceeded", "=", True)]))
        # the report view: average and 90th percentile per step, per officer and day
        self.env.flush_all()
        rows = self.env["library.member.step.report"].search(
            [("officer_id", "=", self.officer.id), ("step", "=", "form")]
        )
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.day, datetime.date(2026, 11, 23))
        self.assertEqual(rows.sop_step_id, self.env.ref("library_membership.sop_step_form"))
        self.assertEqual((rows.count, rows.avg_duration, rows.p90_duration), (1, 600.0, 600.0))
        self.assertEqual((rows.target_seconds, rows.exceeded_count), (300, 1))

    def test_percentile_over_several_services(self):
        durations = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
        with freeze_time("2026-11-24 03:00:00") as frozen:
            for i, seconds in enumerate(durations):
                member = self._new_member(
                    nik=False, id_type="ktm", id_number=f"KTM-{i}", email=False, phone=False
                )
                frozen.tick(seconds)
                member.action_register()
        self.env.flush_all()
        row = self.env["library.member.step.report"].search(
            [("officer_id", "=", self.officer.id), ("step", "=", "register")]
        )
        self.assertEqual(row.count, 10)
        self.assertAlmostEqual(row.avg_duration, 55.0)
        self.assertAlmostEqual(row.p90_duration, 91.0)  # percentile_cont interpolates
        self.assertEqual(row.exceeded_count, 9)

    def test_revision_round_trip(self):
        member = self._online_member()
        member.action_start_service()
        self.assertTrue(member.service_start)
        member.action_register()
        with self.assertRaisesRegex(UserError, "Say what"):
            member.action_send_back(reason=" ")
        mail_cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
        self.env["ir.cron.trigger"].search([("cron_id", "=", mail_cron.id)]).unlink()
        wizard = (
            self.env["layanan.reason.wizard"]
            .with_user(self.officer)
            .with_context(**member.action_send_back()["context"])
            .create({"reason": "Alamat kurang lengkap"})
        )
        wizard.action_confirm()
        self.assertEqual(member.state, "to_revise")
        self.assertEqual(member.revision_count, 1)
        self.assertEqual(member.revision_note, "Alamat kurang lengkap")
        self.assertIn("Alamat kurang lengkap", "".join(member.message_ids.mapped("body")))
        mail = self.env["mail.mail"].search(
            [("model", "=", "library.member"), ("res_id", "=", member.id)]
        )
        self.assertTrue(mail, "the online applicant gets an email")
        self.assertIn(member.access_token, mail[0].body_html)
        # queued, and the mail queue (hourly unless asked) is asked to send it now
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", mail_cron.id)]))
        member.action_revised()
        self.assertEqual(member.state, "submitted")
        self.assertIn("revision", member.step_ids.mapped("step"))

    def test_cross_check_to_do_goes_to_the_steps_responsible(self):
        """An online application waits for the cross-check: every officer (the SOP
        step's role) gets the to-do, due by its Mutu Baku; the cross-check closes them."""
        second = new_test_user(
            self.env, login="lm_officer_2", groups="library_membership.group_officer"
        )
        step = self.env.ref("library_membership.sop_step_crosscheck")
        # as the public form applies (the superuser, once the form is checked)
        member = self.env["library.member"]._apply_online(self._member_vals())
        member = member.with_user(self.officer)
        self.assertEqual(member.next_step_id, step)
        to_dos = member.activity_ids.filtered(lambda a: a.activity_type_id == step.activity_type_id)
        self.assertLessEqual(self.officer | second, to_dos.user_id)
        self.assertFalse(to_dos.user_id.filtered("share"))
        self.assertIn(member.reference, to_dos[0].summary)
        member.action_crosscheck()
        self.assertEqual(member.state, "verified")
        self.assertFalse(member.next_step_id)
        self.assertFalse(member.activity_ids)

    def test_online_application_clock_starts_at_the_counter(self):
        """The cross-check of an online application the day before the visit does not
        start the 14 minutes: they start when the applicant is at the counter."""
        with freeze_time("2026-11-23 03:00:00") as frozen:
            member = self._online_member()
            member.action_crosscheck()
            self.assertEqual(member.state, "verified")
            self.assertFalse(member.service_start)
            self.assertEqual(member.step_ids.duration, 0, "a back-office step, no waiting time")
            frozen.move_to("2026-11-24 02:00:00")
            # the applicant arrives
            self.assertIn("Start counter service", self._buttons(member))
            member.action_start_service()
            self.assertEqual(member.service_start, datetime.datetime(2026, 11, 24, 2, 0))
            self.assertNotIn("Start counter service", self._buttons(member))
            frozen.tick(20)
            member.image_1920 = PHOTO
            member.action_photo_taken()
            frozen.tick(10)
            member.action_print_card()
        self.assertEqual(member.service_duration, 30)
        self.assertFalse(member.service_exceeded)
        self.assertEqual(
            {s.step: s.duration for s in member.step_ids},
            {"crosscheck": 0, "photo": 20, "print": 10},
        )

    def test_online_application_without_start_button(self):
        """Without the start button, the first step at the counter starts the clock."""
        with freeze_time("2026-11-23 03:00:00") as frozen:
            member = self._online_member()
            member.action_crosscheck()
            frozen.move_to("2026-11-24 02:00:00")
            member.image_1920 = PHOTO
            member.action_photo_taken()
            frozen.tick(10)
            member.action_print_card()
        self.assertEqual(member.service_start, datetime.datetime(2026, 11, 24, 2, 0))
        self.assertEqual(member.service_duration, 10)

    def test_wrongly_started_clock_is_restarted(self):
        """The officer pressed a counter step the day before the visit: the clock is
        started again when the applicant comes, and the chatter says so."""
        with freeze_time("2026-11-23 03:00:00") as frozen:
            member = self._online_member()
            member.action_register()
            member.action_crosscheck()
            self.assertEqual(member.service_start, datetime.datetime(2026, 11, 23, 3, 0))
            frozen.move_to("2026-11-24 02:00:00")
            self.assertIn("Restart the clock", self._buttons(member))
            member.action_start_service()
            self.assertEqual(member.service_start, datetime.datetime(2026, 11, 24, 2, 0))
            frozen.tick(30)
            member.image_1920 = PHOTO
            member.action_photo_taken()
            member.action_print_card()
        self.assertEqual(member.service_duration, 30)
        self.assertFalse(member.service_exceeded)
        self.assertIn("service clock started again", "".join(member.message_ids.mapped("body")))
        # the service is over: its time stays as measured
        self.assertFalse({"Start counter service", "Restart the clock"} & self._buttons(member))
        with self.assertRaisesRegex(UserError, "not possible now"):
            member.action_start_service()
        self.assertEqual(member.service_duration, 30)

    def test_wrong_state_is_refused(self):
        member = self._new_member()
        with self.assertRaisesRegex(UserError, "not possible now"):
            member.action_photo_taken()
        with self.assertRaisesRegex(UserError, "not possible now"):
            member.action_renew()
        member.action_submit()
        with self.assertRaisesRegex(UserError, "not possible now"):
            member.action_submit()  # a double click
        member.action_crosscheck()
        with self.assertRaisesRegex(UserError, "no photo"):
            member.action_photo_taken()
        with self.assertRaisesRegex(UserError, "no photo"):
            member.action_print_card()

    def test_server_fields_change_only_through_the_actions(self):
        """State, SOP step, service times, dates and numbers are the actions' own: an
        officer cannot write them over RPC, nor create a member with them."""
        member = self._verified_member(image_1920=PHOTO)
        member.action_print_card()
        fields_read = ["state", "sop_step", "service_start", "service_end", "expiry_date"]
        fields_read += ["card_date", "member_number", "service_exceeded"]
        before = member.read(fields_read)
        for vals in (
            {"state": "expired"},
            {"state": "verified", "name": "Bambang S."},
            {"sop_step": "none"},
            {"service_start": "2026-11-23 02:00:00"},
            {"service_end": False},
            {"service_exceeded": False},
            {"expiry_date": "2099-12-31"},
            {"card_date": "2020-01-01"},
            {"member_number": "X-1"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "only through"):
                member.write(vals)
        self.assertEqual(member.read(fields_read), before)
        self.assertEqual(member.name, "Bambang Sutrisno")
        with self.assertRaises(AccessError) as caught:
            self._in_indonesian(member).write({"expiry_date": "2099-12-31"})
        self.assertEqual(
            caught.exception.args[0],
            "Tanggal berakhir pada Anggota Perpustakaan hanya berubah melalui "
            "langkah-langkahnya (tombol), tidak pernah secara langsung.",
        )
        # nor at creation, nor through a default in the context
        other = {"name": "Lain", "nik": False, "id_type": "ktm", "id_number": "K-9"}
        other.update(phone="0899", email=False)
        with self.assertRaisesRegex(AccessError, "only through"):
            self.Member.create(self._member_vals(state="active", **other))
        with self.assertRaisesRegex(AccessError, "only through"):
            self.Member.with_context(default_state="active").create(self._member_vals(**other))
        # the SOP step lines are written by the actions only
        with self.assertRaises(AccessError):
            self.env["library.member.step"].with_user(self.officer).create(
                {
                    "member_id": member.id,
                    "step_id": self.env.ref("library_membership.sop_step_form").id,
                    "start": "2026-11-23 02:00:00",
                    "end": "2026-11-23 02:01:00",
                }
            )
        # the data themselves stay editable, and a copy is a new draft
        member.write({"phone": "0812 0000 1111", "occupation": "Dosen"})
        self.assertEqual(member.phone_normalized, "081200001111")
        copy = member.copy({"nik": False, "id_type": "sim", "id_number": "SIM-1"})
        self.assertEqual((copy.state, copy.channel), ("draft", "counter"))

    def test_import_of_the_member_register(self):
        """The manager imports the old register with its numbers and dates; an officer
        imports applicants, not states."""
        fields_ = ["name", "id_type", "id_number", "category_id/id", "state"]
        fields_ += ["member_number", "expiry_date"]
        row = ["Anggota Lama", "ktm", "KTM-L", "library_membership.category_public"]
        row += ["active", "L-0001", "2027-06-30"]
        result = (
            self.env["library.member"]
            .with_user(self.officer)
            .with_context(import_file=True)
            .load(fields_, [row])
        )
        self.assertFalse(result["ids"])
        self.assertIn("only through", result["messages"][0]["message"])
        result = (
            self.env["library.member"]
            .with_user(self.manager)
            .with_context(import_file=True)
            .load(fields_, [row])
        )
        self.assertFalse(result["messages"])
        imported = self.env["library.member"].browse(result["ids"])
        self.assertEqual(
            (imported.state, imported.member_number, str(imported.expiry_date)),
            ("active", "L-0001", "2027-06-30"),
        )
        result = (
            self.env["library.member"]
            .with_user(self.officer)
            .with_context(import_file=True)
            .load(fields_[:4], [row[:4]])
        )
        self.assertFalse(result["messages"])
        self.assertEqual(self.env["library.member"].browse(result["ids"]).state, "draft")

    def test_submit_needs_complete_data(self):
        member = self._new_member(street=False, category_id=False)
        with self.assertRaisesRegex(UserError, "Address"):
            member.action_submit()
        self.assertEqual(member.state, "draft")

    def test_actions_check_group(self):
        """The buttons check the library role themselves: staff whose other group
        lets them read and write members still cannot run the SOP."""
        member = self._new_member(image_1920=PHOTO)
        as_other = member.with_user(self.other_staff)
        self.assertEqual(as_other.name, "Bambang Sutrisno", "the model is open to them")
        for action in (
            "action_register",
            "action_submit",
            "action_start_service",
            "action_send_back",
            "action_cancel",
        ):
            with (
                self.subTest(action=action),
                self.assertRaisesRegex(AccessError, ONLY_OFFICERS),
            ):
                getattr(as_other, action)()
        member.action_submit()
        member.action_crosscheck()
        for action in ("action_photo_taken", "action_print_card"):
            with (
                self.subTest(action=action),
                self.assertRaisesRegex(AccessError, ONLY_OFFICERS),
            ):
                getattr(as_other, action)()
        self.assertEqual((member.state, member.sop_step), ("verified", "crosscheck"))
        self.assertFalse(member.member_number)
        member.action_cancel()
        with self.assertRaisesRegex(AccessError, ONLY_MANAGERS):
            as_other.action_reset_draft()
        self.assertEqual(member.state, "cancelled")
        # an internal user without any such group does not even see the members
        with self.assertRaises(AccessError):
            self.env["library.member"].with_user(self.clerk).search([])

    def test_nik_rules_on_the_record(self):
        with self.assertRaisesRegex(ValidationError, "differs from the birth date"):
            self._new_member(birthdate="1990-05-13")
        with self.assertRaisesRegex(ValidationError, "gender entered is male"):
            self._new_member(nik=NIK_FEMALE, birthdate="1995-08-21")
        with self.assertRaisesRegex(ValidationError, "KTP or KK holder"):
            self._new_member(nik=False)
        member = self._new_member(nik=False, id_type="sim", id_number="SIM 123")
        self.assertFalse(member.nik)

    def test_nik_unique(self):
        """One NIK, one member: applications may share a NIK until the cross-check (the
        public form must not tell who is registered), a member never does, and the
        database is the last guard."""
        first = self._verified_member()
        self.assertEqual(first.state, "verified")
        # an application with the member's NIK is stored, for the officer to decide
        second = self._new_member(name="Orang Lain", phone="0811", email="lain@example.com")
        self.assertEqual((second.nik, second.state), (NIK_MALE, "draft"))
        second.action_register()
        second.action_form_filled()
        second.action_submit()
        self.assertIn(first, second.duplicate_ids, "the officer sees the member holding the NIK")
        wizard = self.env["library.member.duplicate.wizard"].with_user(self.officer)
        wizard = wizard.create({"member_id": second.id})
        with self.assertRaisesRegex(UserError, f"NIK {NIK_MALE} already belongs to the member"):
            wizard.action_not_duplicate()
        self.assertEqual(second.state, "submitted")
        # nor may a member be given the NIK of another, by the officer or in SQL
        third = self._verified_member(
            name="Citra Dewi",
            nik=False,
            id_type="ktm",
            id_number="KTM-77",
            phone="0822",
            email="k@example.com",
        )
        self.assertEqual(third.state, "verified")
        with self.assertRaisesRegex(ValidationError, "already registered"):
            third.write({"nik": NIK_MALE, "id_type": "ktp"})
        with mute_logger("odoo.sql_db"), self.assertRaises(Exception) as caught:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE library_member SET nik = %s WHERE id = %s",
                    (NIK_MALE, self.env.ref("library_membership.library_member_active_demo").id),
                )
        self.assertIn("library_member_nik_unique", str(caught.exception))
        # merged into the member, the application is cancelled
        wizard.keep_id = first
        wizard.action_merge()
        self.assertEqual((second.state, second.merged_into_id), ("cancelled", first))
        # a cancelled member frees its NIK; a cancelled application may come back as a
        # draft, and is verified only while nobody else holds the NIK
        first.action_cancel()
        fourth = self._verified_member(name="Bambang S.", email="bs@example.com", phone="0833")
        self.assertEqual((fourth.nik, fourth.state), (NIK_MALE, "verified"))
        first.with_user(self.manager).action_reset_draft()
        self.assertEqual(first.state, "draft")
        first.action_register()
        first.action_form_filled()
        first.action_submit()
        with self.assertRaisesRegex(UserError, "already belongs to the member Bambang S."):
            first._do_verify()
        fourth.action_cancel()
        with self.assertRaisesRegex(AccessError, ONLY_MANAGERS):
            fourth.with_user(self.officer).action_reset_draft()
        self.assertEqual(fourth.state, "cancelled")

    def test_reset_to_draft_shows_the_buttons(self):
        """A restored member starts the SOP again: its buttons are there."""
        member = self._verified_member(image_1920=PHOTO)
        member.action_print_card()
        member.action_cancel()
        member.with_user(self.manager).action_reset_draft()
        self.assertEqual(member.state, "draft")
        self.assertEqual(member.sop_step, "none")
        self.assertFalse(member.service_start)
        self.assertLessEqual({"Document presented", "Data entered"}, self._buttons(member))
        with freeze_time("2026-11-25 02:00:00") as frozen:
            member.action_register()
            self.assertIn("Form filled", self._buttons(member))
            frozen.tick(60)
            member.action_form_filled()
            member.action_submit()
            member.action_crosscheck()
            member.action_photo_taken()
            member.action_print_card()
        self.assertEqual(member.state, "active")
        self.assertEqual(member.service_duration, 60, "measured from the new visit")

    def test_duplicates(self):
        old = self._new_member()
        same_name = self._new_member(
            nik=False,
            id_type="ktm",
            id_number="KTM-1",
            name="BAMBANG SUTRISNO",
            phone="0800",
            email="x@example.com",
        )
        same_phone = self._new_member(
            nik=False,
            id_type="ktm",
            id_number="KTM-2",
            name="Someone",
            birthdate="2001-01-01",
            phone="+62 812-9999-0001",
            email="y@example.com",
        )
        same_email = self._new_member(
            nik=False,
            id_type="ktm",
            id_number="KTM-3",
            name="Other",
            birthdate="2001-01-01",
            phone="0801",
            email="Bambang.Test@Example.com ",
        )
        unrelated = self._new_member(
            nik=False,
            id_type="ktm",
            id_number="KTM-4",
            name="Bambang Sutrisno",
            birthdate="1991-01-01",
            phone="0802",
            email="z@example.com",
        )
        self.assertEqual(old.duplicate_ids, same_name | same_phone | same_email)
        self.assertEqual(same_name.duplicate_ids, old)
        self.assertEqual(same_phone.duplicate_ids, old)
        self.assertEqual(same_email.duplicate_ids, old)
        self.assertFalse(unrelated.duplicate_ids)
        # cancelled records are not duplicates
        same_email.action_cancel()
        old.invalidate_recordset(["duplicate_ids"])
        self.assertEqual(old.duplicate_ids, same_name | same_phone)

    def test_duplicate_check_query_count(self):
        member = self._new_member()
        self.env.flush_all()
        member.invalidate_recordset()
        with self.assertQueryCount(3):
            member._find_duplicates()

    def test_crosscheck_not_duplicate(self):
        old = self._new_member()
        old.action_submit()
        old.action_crosscheck()
        new = self._new_member(
            nik=False, id_type="ktm", id_number="KTM-9", phone="0855", email="n@example.com"
        )
        new.action_submit()
        action = new.action_crosscheck()
        self.assertEqual(action["res_model"], "library.member.duplicate.wizard")
        self.assertEqual(new.state, "submitted", "duplicates stop the cross-check")
        wizard = (
            self.env["library.member.duplicate.wizard"]
            .with_user(self.officer)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.duplicate_ids, old)
        wizard.action_not_duplicate()
        self.assertEqual(new.state, "verified")
        self.assertIn(old, new.not_duplicate_ids)
        new.invalidate_recordset(["duplicate_ids"])
        self.assertFalse(new.duplicate_ids)

    def test_crosscheck_merge(self):
        old = self._new_member()
        old.action_submit()
        old.action_crosscheck()
        new = self._new_member(
            nik=False,
            id_type="ktm",
            id_number="KTM-8",
            phone="0856",
            email="m@example.com",
            occupation=False,
        )
        new.message_post(body="catatan dari loket")
        new.action_submit()
        action = new.action_crosscheck()
        wizard = (
            self.env["library.member.duplicate.wizard"]
            .with_user(self.officer)
            .with_context(**action["context"])
            .create({})
        )
        wizard._onchange_member_id()
        self.assertEqual(wizard.keep_id, old, "the older record is kept")
        wizard.action_merge()
        self.assertEqual(new.state, "cancelled")
        self.assertEqual(new.merged_into_id, old)
        self.assertTrue(new.exists(), "history is never deleted")
        self.assertIn("catatan dari loket", "".join(old.message_ids.mapped("body")))
        self.assertIn("Merged", "".join(old.message_ids.mapped("body")))

    def test_merge_refused_for_two_niks(self):
        """Namesakes born the same day with two NIKs are two people: no merge, and
        nothing of their history moves."""
        old = self._new_member()
        old.action_submit()
        old.action_crosscheck()
        new = self._new_member(nik="3374011205909903", phone="0857", email="lain@example.com")
        new.message_post(body="catatan dari loket")
        new.action_submit()
        action = new.action_crosscheck()
        self.assertEqual(new.duplicate_ids, old)
        wizard = (
            self._in_indonesian(self.env["library.member.duplicate.wizard"])
            .with_context(**action["context"])
            .create({})
        )
        wizard._onchange_member_id()
        old_messages = old.message_ids
        with self.assertRaises(UserError) as caught:
            wizard.action_merge()
        self.assertEqual(
            caught.exception.args[0],
            "Bambang Sutrisno (NIK 3374011205909903) dan Bambang Sutrisno (NIK "
            "3374011205909901) memiliki NIK yang berbeda: keduanya orang yang berbeda dan "
            "tidak digabungkan. Tandai sebagai bukan duplikat.",
        )
        self.assertEqual((old.state, new.state), ("verified", "submitted"))
        self.assertFalse(new.merged_into_id)
        self.assertEqual(old.message_ids, old_messages)
        self.assertIn("catatan dari loket", "".join(new.message_ids.mapped("body")))
        # what the officer does instead
        wizard.action_not_duplicate()
        self.assertEqual(new.state, "verified")

    def test_renew_and_cron(self):
        member = self._verified_member(image_1920=PHOTO)
        member.action_print_card()
        with freeze_time(member.expiry_date + datetime.timedelta(days=1)):
            self.env["library.member"]._cron_expire_members()
            self.assertEqual(member.state, "expired")
            member.action_renew()
            self.assertEqual(member.state, "active")
            self.assertEqual(member.expiry_date, fields.Date.today() + relativedelta(months=12))

    def test_renew_once_per_period(self):
        """Renewal is for expired members and the last days of an active membership
        (the expiry reminder's); a double click or a stale tab does not add a period."""
        member = self._verified_member(image_1920=PHOTO)
        member.action_print_card()
        expiry = member.expiry_date
        self.assertFalse(member.renewal_due)
        self.assertNotIn("Renew", self._buttons(member))
        with self.assertRaisesRegex(UserError, "can be renewed from"):
            member.action_renew()
        self.assertEqual(member.expiry_date, expiry)
        with freeze_time(expiry - datetime.timedelta(days=5)):
            member.invalidate_recordset(["renewal_due"])
            self.assertIn("Renew", self._buttons(member))
            member.action_renew()
            self.assertEqual(member.expiry_date, expiry + relativedelta(months=12))
            with self.assertRaisesRegex(UserError, "can be renewed from"):
                member.action_renew()  # the second click
            self.assertEqual(member.expiry_date, expiry + relativedelta(months=12))
            # in Indonesian, with the dates the officer reads
            new_expiry = member.expiry_date
            with self.assertRaises(UserError) as caught:
                self._in_indonesian(member).action_renew()
            self.assertEqual(
                caught.exception.args[0],
                f"{member.name} berlaku sampai {new_expiry:%d/%m/%Y}: keanggotaan dapat "
                f"diperpanjang mulai {new_expiry - datetime.timedelta(days=14):%d/%m/%Y}.",
            )
        # an expired member is renewed once from today
        with freeze_time(member.expiry_date + datetime.timedelta(days=3)):
            self.env["library.member"]._cron_expire_members()
            self.assertEqual(member.state, "expired")
            member.action_renew()
            self.assertEqual(member.expiry_date, fields.Date.today() + relativedelta(months=12))
            with self.assertRaisesRegex(UserError, "can be renewed from"):
                member.action_renew()
            self.assertEqual(member.expiry_date, fields.Date.today() + relativedelta(months=12))

    def test_renew_once_with_the_longest_reminder(self):
        """The longest reminder (27 days) on the shortest card (one month, from 1 February:
        28 days) still allows one renewal only; a longer one under System Parameters is
        ignored (the default 14 days hold)."""
        monthly = self.env["library.member.category"].create(
            {"name": "Bulanan (test)", "validity_months": 1}
        )
        set_param = self.env["ir.config_parameter"].sudo().set_param
        set_param("library_membership.expiry_reminder_days", "27")
        with freeze_time("2027-01-01 02:00:00"):
            member = self._verified_member(image_1920=PHOTO, category_id=monthly.id)
            member.action_print_card()
        self.assertEqual(member.expiry_date, datetime.date(2027, 2, 1))
        with freeze_time("2027-01-04 02:00:00"):
            with self.assertRaisesRegex(UserError, "can be renewed from 01/05/2027"):
                member.action_renew()
        with freeze_time("2027-01-05 02:00:00"):
            member.invalidate_recordset(["renewal_due"])
            member.action_renew()
            self.assertEqual(member.expiry_date, datetime.date(2027, 3, 1))
            with self.assertRaisesRegex(UserError, "can be renewed from 02/02/2027"):
                member.action_renew()
        self.assertEqual(member.expiry_date, datetime.date(2027, 3, 1))
        set_param("library_membership.expiry_reminder_days", "400")
        logger = "odoo.addons.layanan_base.tools.settings"
        with self.assertLogs(logger, "WARNING"), freeze_time("2027-02-10 02:00:00"):
            member.invalidate_recordset(["renewal_due"])
            with self.assertRaisesRegex(UserError, "can be renewed from 02/15/2027"):
                member.action_renew()

    def test_batch_renew(self):
        # expired members of the old register (created as superuser, as an import would)
        members = self.env["library.member"].create(
            [
                self._member_vals(
                    nik=False,
                    id_type="ktm",
                    id_number=f"R{i}",
                    email=False,
                    phone=f"07{i}",
                    state="expired",
                    expiry_date="2026-01-01",
                    member_number=f"T-{i}",
                )
                for i in range(3)
            ]
        )
        members.with_user(self.officer).action_renew()
        self.assertEqual(set(members.mapped("state")), {"active"})

    def test_expiry_reminder(self):
        member = self._verified_member(image_1920=PHOTO)
        member.action_print_card()
        days = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("library_membership.expiry_reminder_days")
        )
        with freeze_time(member.expiry_date - datetime.timedelta(days=days)):
            self.env["library.member"]._cron_expire_members()
        mail = self.env["mail.mail"].search(
            [("model", "=", "library.member"), ("res_id", "=", member.id)]
        )
        # the member (a portal account since the card) reads it in Indonesian
        subject = "Keanggotaan perpustakaan Anda berakhir pada"  # "... expires on"
        self.assertTrue(mail.filtered(lambda m: subject in m.subject))

    def test_upload_limits(self):
        member = self._new_member()
        with self.assertRaisesRegex(ValidationError, "this file is"):
            member.image_1920 = base64.b64encode(b"%PDF-1.4 not a photo")
        big = base64.b64encode(b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 1))
        with self.assertRaisesRegex(ValidationError, "the limit is 5 MB"):
            member.image_1920 = big
        with self.assertRaisesRegex(ValidationError, "this file is"):
            member.id_document = base64.b64encode(b"MZ\x90\x00 an exe")
        member.id_document = base64.b64encode(b"%PDF-1.4\n%%EOF")
        self.assertTrue(member.id_document)

    def test_access_rules(self):
        member = self._verified_member(image_1920=PHOTO)
        member.action_print_card()
        portal_user = self.env["res.users"].create(
            {
                "name": "Bambang",
                "login": "bambang.portal",
                "partner_id": member.partner_id.id,
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        Member = self.env["library.member"].with_user(portal_user)
        self.assertEqual(Member.search([]), member)
        other = self.env.ref("library_membership.library_member_active2_demo")
        with self.assertRaises(AccessError):
            other.with_user(portal_user).read(["name"])
        with self.assertRaises(AccessError):
            member.with_user(portal_user).write({"name": "X"})
        # the manager sees the service report, the officer does not
        self.env["library.member.step.report"].with_user(self.manager).search([])
        with self.assertRaises(AccessError):
            self.env["library.member.step.report"].with_user(self.officer).search([])


@tagged("post_install", "-at_install")
class TestComplaint(LibraryCase):
    def test_complaint_flow(self):
        complaint = (
            self.env["library.complaint"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Antrean lama",
                    "channel": "sms",
                    "complainant_name": "Wati",
                    "email_from": "wati@example.com",
                }
            )
        )
        self.assertEqual(complaint.state, "new")
        self.assertTrue(complaint.reference.startswith("ADU/"))
        with freeze_time(complaint.date_received + datetime.timedelta(hours=1)):
            complaint.action_start()
        self.assertEqual(complaint.state, "in_progress")
        with self.assertRaisesRegex(UserError, "Write the response"):
            complaint.action_resolve()
        complaint.response = "Kami menambah petugas loket."
        with freeze_time(complaint.date_received + datetime.timedelta(hours=3)):
            complaint.action_resolve()
        self.assertEqual(complaint.state, "resolved")
        self.assertEqual(complaint.response_hours, 3.0)
        mail = self.env["mail.mail"].search(
            [("model", "=", "library.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertIn("Kami menambah petugas loket.", mail.body_html)
        as_other = complaint.with_user(self.other_staff)
        self.assertEqual(as_other.name, "Antrean lama", "the model is open to them")
        with self.assertRaisesRegex(AccessError, ONLY_OFFICERS):
            as_other.action_reopen()
        self.assertEqual(complaint.state, "resolved")

    def test_resolve_several_complaints_at_once(self):
        """Resolving several complaints in one call (RPC, a list) keeps each one's
        handler, gives the unhandled ones to whoever resolves them, and answers each
        complainant with their own response."""
        other_officer = new_test_user(
            self.env,
            login="lm_officer_two",
            name="Petugas Dua",
            groups="library_membership.group_officer",
        )
        Complaint = self.env["library.complaint"].with_user(self.officer)
        complaints = Complaint.create(
            [
                {
                    "name": f"Pengaduan {who}",
                    "channel": "sms",
                    "complainant_name": who,
                    "email_from": f"{who.lower()}@example.com",
                }
                for who in ("Ani", "Budi", "Citra")
            ]
        )
        ani, budi, citra = complaints
        ani.action_start()
        budi.with_user(other_officer).action_start()
        for complaint in complaints:
            complaint.response = f"Jawaban untuk {complaint.complainant_name}."
        complaints.with_user(self.manager).action_resolve()
        self.assertEqual(set(complaints.mapped("state")), {"resolved"})
        self.assertEqual(
            [c.user_id for c in complaints], [self.officer, other_officer, self.manager]
        )
        for complaint in complaints:
            mail = self.env["mail.mail"].search(
                [("model", "=", "library.complaint"), ("res_id", "=", complaint.id)]
            )
            self.assertEqual(len(mail), 1)
            self.assertEqual(mail.email_to, complaint.email_from)
            self.assertIn(f"Jawaban untuk {complaint.complainant_name}.", mail.body_html)

    def test_resolved_response_changes_only_after_reopen(self):
        """The response of a resolved complaint is the one e-mailed to the complainant:
        the form shows it read-only and a direct write (over RPC too) is refused; Reopen
        makes it editable again, and resolving again sends the new one."""
        complaint = (
            self.env["library.complaint"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Antrean lama",
                    "channel": "email",
                    "complainant_name": "Wati",
                    "email_from": "wati@example.com",
                    "response": "Kami menambah petugas loket.",
                }
            )
        )
        complaint.action_resolve()
        for user in (self.officer, self.manager, self.other_staff):
            for vals in (
                {"response": "Jawaban lain."},
                {"response": False},
                {"name": "Antrean panjang", "response": "Jawaban lain."},
            ):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRaisesRegex(AccessError, "reopen the complaint"),
                ):
                    complaint.with_user(user).write(vals)
        self.assertEqual(complaint.response, "Kami menambah petugas loket.")
        self.assertEqual(complaint.name, "Antrean lama")
        with self.assertRaises(AccessError) as caught:
            self._in_indonesian(complaint).write({"response": "Jawaban lain."})
        self.assertEqual(
            caught.exception.args[0],
            "Tanggapan pengaduan yang sudah selesai telah dikirim kepada pengadu dan tidak "
            "dapat diubah: buka kembali pengaduan untuk mengubahnya.",
        )
        # the same response, and the other data, are still written
        complaint.write({"response": "Kami menambah petugas loket.", "name": "Antrean panjang"})
        self.assertEqual(complaint.name, "Antrean panjang")
        # Reopen makes it editable; resolving again answers with the new response
        complaint.action_reopen()
        with Form(complaint) as form:
            form.response = "Loket kedua dibuka setiap Senin."
        complaint.action_resolve()
        mails = self.env["mail.mail"].search(
            [("model", "=", "library.complaint"), ("res_id", "=", complaint.id)], order="id"
        )
        self.assertEqual(len(mails), 2)
        self.assertIn("Kami menambah petugas loket.", mails[0].body_html)
        self.assertIn("Loket kedua dibuka setiap Senin.", mails[1].body_html)
        self.assertEqual(complaint.response, "Loket kedua dibuka setiap Senin.")

    def test_complaint_server_fields_change_only_through_the_actions(self):
        """The status, the reference and the dates of a complaint are the actions' own:
        an officer cannot write them over RPC, nor create a complaint with them."""
        Complaint = self.env["library.complaint"].with_user(self.officer)
        with freeze_time("2026-11-23 02:00:00"):
            complaint = Complaint.create({"name": "Antrean lama", "channel": "sms"})
        fields_read = ["state", "reference", "date_received", "date_resolved"]
        fields_read += ["response_hours", "user_id"]
        before = complaint.read(fields_read)
        for vals in (
            {"state": "resolved"},
            {"state": "in_progress", "response": "Sudah ditangani."},
            {"reference": "ADU/X"},
            {"date_received": "2026-11-20 02:00:00"},
            {"date_resolved": "2026-11-23 03:00:00"},
            {"response_hours": 0.5},
        ):
            for user in (self.officer, self.other_staff):
                with (
                    self.subTest(vals=vals, user=user.login),
                    self.assertRaisesRegex(AccessError, "only through"),
                ):
                    complaint.with_user(user).write(vals)
        self.assertEqual(complaint.read(fields_read), before)
        self.assertFalse(complaint.response)
        with self.assertRaises(AccessError) as caught:
            self._in_indonesian(complaint).write({"state": "resolved", "date_resolved": False})
        self.assertEqual(
            caught.exception.args[0],
            "Status, Diselesaikan pada pada Pengaduan Layanan Perpustakaan hanya berubah "
            "melalui langkah-langkahnya (tombol), tidak pernah secara langsung.",
        )
        # nor at creation, nor through a default in the context
        for vals, context in (
            ({"state": "resolved"}, {}),
            ({"reference": "ADU/X"}, {}),
            ({"date_received": "2026-11-01 02:00:00"}, {}),
            ({"date_resolved": "2026-11-23 03:00:00"}, {}),
            ({}, {"default_state": "resolved"}),
            ({}, {"default_date_received": "2026-11-01 02:00:00"}),
        ):
            with (
                self.subTest(vals=vals, context=context),
                self.assertRaisesRegex(AccessError, "only through"),
            ):
                Complaint.with_context(**context).create(dict(vals, name="Lain"))
        # the officer's form (status and dates read-only there) still creates them
        with Form(Complaint) as form:
            form.name = "Kartu belum jadi"
            form.channel = "telephone"
            form.complainant_name = "Ani"
        self.assertEqual((form.record.state, form.record.name), ("new", "Kartu belum jadi"))
        self.assertTrue(form.record.reference.startswith("ADU/"))
        # the buttons still move it, with the times of the server
        with freeze_time("2026-11-23 03:00:00"):
            complaint.action_start()
        complaint.write({"response": "Kami menambah petugas loket.", "channel": "telephone"})
        with freeze_time("2026-11-23 04:30:00"):
            complaint.action_resolve()
        self.assertEqual(
            (complaint.state, complaint.user_id, complaint.response_hours),
            ("resolved", self.officer, 2.5),
        )
        self.assertEqual(complaint.date_resolved, datetime.datetime(2026, 11, 23, 4, 30))
        complaint.action_reopen()
        self.assertEqual((complaint.state, complaint.date_resolved), ("in_progress", False))
        # the data themselves stay editable, and a copy is a new complaint
        complaint.write({"name": "Antrean panjang", "user_id": self.manager.id})
        self.assertEqual(complaint.name, "Antrean panjang")
        with freeze_time("2026-11-24 02:00:00"):
            copy = complaint.copy()
        self.assertEqual(copy.state, "new")
        self.assertNotEqual(copy.reference, complaint.reference)
        self.assertTrue(copy.reference.startswith("ADU/"))
        self.assertEqual(copy.date_received, datetime.datetime(2026, 11, 24, 2, 0))
        self.assertFalse(copy.date_resolved)
        # the demo data (as superuser) still bring resolved complaints with their dates
        demo = self.env.ref("library_membership.library_complaint_resolved_demo")
        self.assertEqual((demo.state, demo.response_hours), ("resolved", 3.5))

    def test_import_of_the_complaint_register(self):
        """The manager imports the old complaints with their status and dates; an officer
        imports complaints, not states."""
        fields_ = ["name", "channel", "complainant_name", "state"]
        fields_ += ["date_received", "date_resolved", "response"]
        row = ["Kartu hilang", "telephone", "Wati", "resolved"]
        row += ["2026-01-05 02:00:00", "2026-01-05 06:00:00", "Kartu dicetak ulang."]
        Complaint = self.env["library.complaint"].with_context(import_file=True)
        result = Complaint.with_user(self.officer).load(fields_, [row])
        self.assertFalse(result["ids"])
        self.assertIn("only through", result["messages"][0]["message"])
        result = Complaint.with_user(self.manager).load(fields_, [row])
        self.assertFalse(result["messages"])
        imported = self.env["library.complaint"].browse(result["ids"])
        self.assertEqual(
            (imported.state, str(imported.date_resolved), imported.response_hours),
            ("resolved", "2026-01-05 06:00:00", 4.0),
        )
        result = Complaint.with_user(self.officer).load(fields_[:3], [row[:3]])
        self.assertFalse(result["messages"])
        self.assertEqual(self.env["library.complaint"].browse(result["ids"]).state, "new")

    def test_email_creates_complaint(self):
        alias = self.env.ref("library_membership.mail_alias_complaint")
        self.assertEqual(alias.alias_model_id.model, "library.complaint")
        message = (
            "From: Ani <ani@example.com>\r\n"
            f"To: {alias.alias_name}@example.com\r\n"
            "Subject: Kartu belum jadi\r\n"
            "Message-ID: <lm-test-1@example.com>\r\n"
            "Content-Type: text/plain\r\n\r\n"
            "Sudah dua minggu kartu saya belum jadi.\r\n"
        )
        thread_id = self.env["mail.thread"].message_process("library.complaint", message)
        complaint = self.env["library.complaint"].browse(thread_id)
        self.assertEqual(complaint.name, "Kartu belum jadi")
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.email_from, "ani@example.com")
        self.assertIn("dua minggu", complaint.message_ids[-1].body)
