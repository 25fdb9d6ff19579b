from odoo import api, fields, models
from odoo.exceptions import UserError


class LibraryMemberDuplicateWizard(models.TransientModel):
    """Cross-check: the officer confirms that the look-alikes are other people, or merges."""

    _name = "library.member.duplicate.wizard"
    _description = "Library Member Duplicate Check"

    member_id = fields.Many2one("library.member", required=True, readonly=True)
    # the application under check, beside its look-alikes: two people of the same name
    # are told apart by these
    reference = fields.Char(related="member_id.reference")
    member_number = fields.Char(related="member_id.member_number")
    name = fields.Char(related="member_id.name")
    nik = fields.Char(related="member_id.nik")
    birthdate = fields.Date(related="member_id.birthdate")
    phone = fields.Char(related="member_id.phone")
    email = fields.Char(related="member_id.email")
    state = fields.Selection(related="member_id.state")
    duplicate_ids = fields.Many2many(
        "library.member", string="Possible duplicates", compute="_compute_duplicate_ids"
    )
    keep_id = fields.Many2one(
        "library.member",
        help="The record that stays when merging; by default the oldest.",
    )

    @api.depends("member_id")
    def _compute_duplicate_ids(self):
        for wizard in self:
            wizard.duplicate_ids = wizard.member_id.duplicate_ids

    @api.onchange("member_id")
    def _onchange_member_id(self):
        if self.member_id and not self.keep_id:
            self.keep_id = (self.member_id | self.member_id.duplicate_ids).sorted("id")[:1]

    def action_not_duplicate(self):
        """None of them is the same person: remember it and finish the cross-check."""
        self.ensure_one()
        member = self.member_id
        member._check_transition("action_crosscheck")
        # the same NIK is the same person: merged, never "not a duplicate"
        member._check_nik_not_held()
        duplicates = member.duplicate_ids
        member.not_duplicate_ids = [fields.Command.link(d.id) for d in duplicates]
        member.message_post(
            body=self.env._(
                "Cross-check: %(names)s checked, not duplicates.",
                names=", ".join(duplicates.mapped(lambda d: f"{d.name} ({d.reference})")),
            ),
            subtype_xmlid="mail.mt_note",
        )
        member._do_verify()
        return {"type": "ir.actions.act_window_close"}

    def action_merge(self):
        """Same person: keep one record, move the other's history to it, cancel the other."""
        self.ensure_one()
        member = self.member_id
        member._check_group("library_membership.group_officer")
        keep = self.keep_id or (member | member.duplicate_ids).sorted("id")[:1]
        if keep not in member | member.duplicate_ids:
            raise UserError(self.env._("Keep the application or one of its duplicates."))
        others = (member | member.duplicate_ids) - keep
        # only merge the record being checked with the one kept
        other = member if keep != member else others[:1]
        other._merge_into(keep)
        return {
            "type": "ir.actions.act_window",
            "res_model": "library.member",
            "res_id": keep.id,
            "view_mode": "form",
            "target": "current",
        }
