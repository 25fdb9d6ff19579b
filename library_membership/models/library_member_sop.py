from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from odoo.addons.layanan_base.tools import send_queued_mail_soon

from .library_member import (
    COUNTER_STEPS,
    OFFICER,
)


class LibraryMember(models.Model):
    """The SOP's steps of a member, from the ID document to the cross-check and the
    photo, with the duplicates found at the cross-check."""

    _inherit = "library.member"  # pylint: disable=consider-merging-classes-inherited

    def _step_start(self):
        """A step starts when the previous one ended, but not before the counter service
        started; outside the counter service (no clock running) a step takes no time."""
        self.ensure_one()
        now = fields.Datetime.now()
        if not self.service_start:
            return now
        last = self.step_ids.sorted("end")[-1:]
        return max(last.end, self.service_start) if last else self.service_start

    def _log_step(self, code, note=False, start=None):
        """Close the SOP step `code` (layanan.service.request's log, against its Mutu
        Baku), and remember it as the member's last step.

        A step done with the applicant at the counter starts the service clock when it
        is not running; a back-office step (the cross-check of an online application
        before the visit) does not.
        """
        if code in COUNTER_STEPS:
            self.filtered(lambda m: not m.service_start)._write_server_fields(
                {"service_start": fields.Datetime.now()}
            )
        result = super()._log_step(code, note=note, start=start)
        self._write_server_fields({"sop_step": code})
        return result

    def action_start_service(self):
        """The applicant arrives at the counter: the counter service starts now.

        Pressed again before the card is printed, it restarts a clock that was started
        by mistake (a step recorded before the applicant came to the counter).
        """
        self._check_transition("action_start_service")
        for member in self.filtered("service_start"):
            member.message_post(
                body=self.env._(
                    "The service clock started again (it had started on %(start)s).",
                    start=format_datetime(self.env, member.service_start),
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._write_server_fields({"service_start": fields.Datetime.now(), "service_end": False})

    def action_register(self):
        """Step 1: the applicant presents a KTP, KK, KTM or SIM to the officer."""
        self._check_transition("action_register")
        for member in self:
            if not (member.nik or member.id_number):
                raise UserError(self.env._("Record the NIK or the document number first."))
        self._log_step("register")

    def action_form_filled(self):
        """Step 2: the applicant has filled the paper registration form."""
        self._check_transition("action_form_filled")
        self._log_step("form")

    def action_submit(self):
        """Step 3: the officer has typed the data in; the application waits for the cross-check."""
        self._check_transition("action_submit")
        for member in self:
            member._check_complete()
        self._log_step("input")
        self._write_server_fields({"state": "submitted"})

    def _check_complete(self):
        missing = [
            self._fields[name].get_description(self.env)["string"]
            for name in ("name", "birthdate", "gender", "street", "category_id")
            if not self[name]
        ]
        if missing:
            raise UserError(
                self.env._("Fill in before submitting: %(fields)s", fields=", ".join(missing))
            )

    def action_crosscheck(self):
        """Step 4: cross-check against the database; open the duplicates when there are any."""
        self.ensure_one()
        self._check_transition("action_crosscheck")
        self._check_complete()
        if self.duplicate_ids:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Possible duplicates"),
                "res_model": "library.member.duplicate.wizard",
                "view_mode": "form",
                "target": "new",
                # wide enough for the columns that tell two people of one name apart
                "context": {"default_member_id": self.id, "dialog_size": "extra-large"},
            }
        self._do_verify()
        return True

    def _do_verify(self):
        """The application becomes a member."""
        self._check_nik_not_held()
        self._log_step("crosscheck")
        self._write_server_fields({"state": "verified", "revision_note": False})
        # the cross-check's to-dos are done
        self._schedule_next(False)

    def _check_nik_not_held(self):
        """An application becomes a member only while no other member holds its NIK: the
        officer merges it into that member, or cancels it."""
        self.flush_model(["state", "nik"])
        for member in self.filtered("nik"):
            holder = member._nik_holder(member.nik)
            if holder:
                number = holder.member_number or holder.reference
                raise UserError(
                    self.env._(
                        "The NIK %(nik)s already belongs to the member %(member)s: merge this "
                        "application into it (Possible duplicates) or cancel it.",
                        nik=member.nik,
                        member=f"{holder.display_name} ({number})",
                    )
                )

    def action_send_back(self, reason=None):
        """Send the application back to the applicant with what to correct (step 5
        begins); without the reason, the window that asks it (layanan.reason.wizard)."""
        self._check_transition("action_send_back")
        if reason is None:
            return self.env["layanan.reason.wizard"]._open(
                self, "action_send_back", self.env._("Send back for revision")
            )
        note = reason
        if not (note or "").strip():
            raise UserError(self.env._("Say what the applicant has to correct."))
        template = self.env.ref("library_membership.mail_template_member_revision")
        for member in self:
            member._write_server_fields(
                {
                    "state": "to_revise",
                    "revision_note": note,
                    "revision_count": member.revision_count + 1,
                }
            )
            member.message_post(
                body=self.env._("Sent back for revision: %(note)s", note=note),
                subtype_xmlid="mail.mt_note",
            )
            if member.email and member.channel == "online":
                member._portal_ensure_token()
                template.send_mail(member.id, force_send=False)
                send_queued_mail_soon(self.env)

    def action_revised(self):
        """Step 5: the data are corrected (at the counter or by the applicant online)."""
        self._check_transition("action_revised")
        self._log_step("revision")
        self._write_server_fields({"state": "submitted"})

    def action_photo_taken(self):
        """Step 6: the member's photo is taken."""
        self._check_transition("action_photo_taken")
        for member in self:
            if not member.image_1920:
                raise UserError(
                    self.env._("%(member)s has no photo yet.", member=member.display_name)
                )
        self._log_step("photo")

    def action_view_duplicates(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Possible duplicates"),
            "res_model": "library.member",
            "view_mode": "list,form",
            "domain": [("id", "in", self.duplicate_ids.ids)],
        }

    @api.model
    def _sop_steps(self):
        """The SOP's steps and their Mutu Baku, in order (the public page lists them)."""
        return self.env["layanan.sop.step"].sudo().search([("res_model", "=", self._name)])

    def _sop_activity_summary(self, step):
        if step.code == "crosscheck":
            return self.env._("Cross-check the application %(ref)s.", ref=self.reference)
        return super()._sop_activity_summary(step)

    def _merge_into(self, keep):
        """Move this record's history to ``keep`` and cancel it (history is never deleted)."""
        self.ensure_one()
        if keep == self:
            raise UserError(self.env._("A member cannot be merged into itself."))
        self._check_group(OFFICER)
        # one NIK, one person: a record without NIK (KTM or SIM holder) may be the same
        # person as one with a NIK, two different NIKs never are
        if self.nik and keep.nik and self.nik != keep.nik:
            raise UserError(
                self.env._(
                    "%(member)s (NIK %(nik)s) and %(other)s (NIK %(other_nik)s) have different "
                    "NIKs: they are two people and are not merged. Mark them as not "
                    "duplicates instead.",
                    member=self.display_name,
                    nik=self.nik,
                    other=keep.display_name,
                    other_nik=keep.nik,
                )
            )
        values = {}
        for name in (
            "place_of_birth",
            "birthdate",
            "gender",
            "street",
            "phone",
            "email",
            "occupation",
            "category_id",
            "id_document",
            "id_document_name",
            "image_1920",
            "id_number",
            "partner_id",
        ):
            if not keep[name] and self[name]:
                field = self._fields[name]
                values[name] = field.convert_to_write(self[name], self)
        # the portal link moves with the history, as the link flows themselves set it
        partner = values.pop("partner_id", None)
        nik = self.nik if not keep.nik else False
        self.env["mail.message"].sudo().search(
            [("model", "=", self._name), ("res_id", "=", self.id)]
        ).write({"res_id": keep.id})
        self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("res_field", "=", False),
            ]
        ).write({"res_id": keep.id})
        self._write_server_fields({"state": "cancelled", "merged_into_id": keep.id})
        self.flush_recordset()
        if nik:
            values["nik"] = nik
        if values:
            keep.write(values)
        if partner:
            keep._write_server_fields({"partner_id": partner})
        keep.message_post(
            body=self.env._(
                "Merged with the duplicate application %(ref)s (%(name)s), now cancelled.",
                ref=self.reference,
                name=self.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        self.message_post(
            body=self.env._("Merged into %(ref)s.", ref=keep.reference),
            subtype_xmlid="mail.mt_note",
        )
