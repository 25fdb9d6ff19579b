from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.layanan_base.tools import parse_id, parse_wib_day_time

WAITLIST_MODEL = "layanan.booking.waitlist"


class EpesanruanganBooking(models.Model):
    """The waiting list (layanan.booking.waitlist) of the Balaikota's rooms: an operator
    whose room is taken for the period waits for it from the request form, with the
    request as typed (its letter kept on the entry); when a cancellation, a rejection,
    a no-show or a move frees the whole period, the first in line is offered it by
    e-mail for a limited time, and taking it submits their request."""

    _inherit = "epesanruangan.booking"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _portal_period_taken(self, post):
        """Whether the room and period of the form are held by another request (or
        offered to the waiting list): what a waiting list is for. False for a period
        that cannot be read or that fails for another reason."""
        try:
            start = parse_wib_day_time(post.get("day"), post.get("time_start"))
            stop = parse_wib_day_time(post.get("day"), post.get("time_stop"))
        except ValueError:
            return False
        room = self.env["epesanruangan.room"].browse(parse_id(post.get("room_id"))).exists()
        if not room or stop <= start or start <= fields.Datetime.now():
            return False
        probe = self.new({"room_id": room.id, "start": start, "stop": stop})
        return bool(probe._clashing(limit=1)) or bool(
            self.env[WAITLIST_MODEL]._offer_holding(
                self._name, room, start, stop, self.env.user.partner_id
            )
        )

    @api.model
    def _waitlist_join_from_portal(self, post):
        """The current operator joins the waiting list of the form's room and period,
        with the request as typed (read and checked as for a submission) and its
        letter, kept on the entry until the offer is taken."""
        env = self.env
        if not env.user.epesanruangan_unit_id:
            raise UserError(env._("Your account is not linked to a work unit (SKPD/UKPD)."))
        vals = self._portal_form_vals(post)
        kept = {
            "event_name": vals["event_name"],
            "purpose": vals["purpose"],
            "participants": vals["participants"],
            "lines": [
                [command[2]["equipment_id"], command[2]["qty_requested"]]
                for command in vals["line_ids"]
                if command[0] == fields.Command.CREATE
            ],
        }
        room = env["epesanruangan.room"].browse(vals["room_id"])
        entry = env[WAITLIST_MODEL]._join(self._name, room, vals["start"], vals["stop"], kept)
        letter = (
            env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": vals["letter_filename"],
                    "datas": vals["letter"],
                    "res_model": WAITLIST_MODEL,
                    "res_id": entry.id,
                    "mimetype": "application/pdf",
                }
            )
        )
        entry.sudo().booking_vals = {**kept, "letter_attachment_id": letter.id}
        return entry

    def _waitlist_book(self, entry):
        """The operator of the waiting list `entry` takes its offer: their request, made
        and submitted as from the form (the rules checked again), with the letter and
        the equipment they sent when they joined."""
        env = self.env
        user = env.user
        room = env["epesanruangan.room"].browse(entry.resource_id).exists()
        if not room:
            raise UserError(env._("This room is no longer offered."))
        if not user.epesanruangan_unit_id:
            raise UserError(env._("Your account is not linked to a work unit (SKPD/UKPD)."))
        vals = dict(entry.booking_vals or {})
        letter = env["ir.attachment"].sudo().browse(vals.get("letter_attachment_id") or 0).exists()
        if not letter or letter.res_model != WAITLIST_MODEL or letter.res_id != entry.id:
            raise UserError(
                env._(
                    "The request letter sent with the waiting list is missing: please "
                    "request the room from the form."
                )
            )
        participants = vals.get("participants") or 1
        self._check_bookable(room, entry.start, entry.stop, participants)
        # the equipment as the form reads it (an item since removed or reduced: told)
        lines = self._portal_lines({f"qty_{item}": str(qty) for item, qty in vals.get("lines", [])})
        booking_sudo = self.sudo().create(
            {
                "event_name": vals.get("event_name"),
                "purpose": vals.get("purpose"),
                "participants": participants,
                "room_id": room.id,
                "start": entry.start,
                "stop": entry.stop,
                "operator_id": user.id,
                "unit_id": user.epesanruangan_unit_id.id,
                "letter": letter.datas,
                "letter_filename": letter.name,
                "line_ids": lines,
            }
        )
        booking_sudo.action_submit()
        letter.unlink()
        return booking_sudo

    def _waitlist_offer_moved(self, held):
        """After a move: the periods these requests held before it ({booking id: (room,
        hold start, hold stop)}), now free, go to the waiting list."""
        Waitlist = self.env[WAITLIST_MODEL]
        for room, start, stop in held.values():
            Waitlist._offer_freed(self._name, room, start, stop)
