import base64
import binascii

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.image import ImageProcess
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.layanan_base.tools import TITLE_LENGTH

from .epesanruangan_booking import PHOTO_MAX_PX

# what wkhtmltopdf prints in the event report: a phone's JPEG, a screenshot's PNG (an SVG,
# a WEBP or an HEIC photo is not shown by it, or not a photo at all)
PHOTO_MIMETYPES = ("image/jpeg", "image/png", "image/gif")
# a photo made smaller is stored at this JPEG quality (Odoo's image field would use 95: a
# report PDF of 12 photos about half again as heavy, for no difference seen on paper)
PHOTO_QUALITY = 85


class EpesanruanganEventPhoto(models.Model):
    """A photo of the event, with its caption, in the event report to the leadership.
    Once the report is sent, its photos are what the leadership received."""

    _name = "epesanruangan.event.photo"
    _inherit = ["layanan.text.limits"]
    _description = "Event Photo"
    _order = "booking_id, sequence, id"
    _text_limits = {"caption": TITLE_LENGTH}

    # a booking is deleted only as a draft (or by the superuser): never one with a report
    booking_id = fields.Many2one(
        "epesanruangan.booking", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    # a phone's 4000x3000 photo is stored at most PHOTO_MAX_PX: the leadership's PDF stays
    # light and quick to render
    image = fields.Image(
        string="Photo", required=True, max_width=PHOTO_MAX_PX, max_height=PHOTO_MAX_PX
    )
    caption = fields.Char()
    name = fields.Char(compute="_compute_name")

    @api.depends("caption", "sequence", "booking_id.name")
    def _compute_name(self):
        for photo in self:
            photo.name = photo.caption or self.env._(
                "Photo of %(ref)s", ref=photo.booking_id.name or ""
            )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._shrink_image(vals, create=True) for vals in vals_list]
        if not self.env.su:
            self.env["epesanruangan.booking"].browse(
                {vals.get("booking_id") for vals in vals_list if vals.get("booking_id")}
            )._check_report_editable()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            bookings = self.booking_id
            if vals.get("booking_id"):
                bookings |= bookings.browse(vals["booking_id"])
            bookings._check_report_editable()
        return super().write(self._shrink_image(vals))

    def unlink(self):
        # before the access rights: the officer reads why, rather than "not allowed"
        if not self.env.su:
            self.booking_id._check_report_editable()
        return super().unlink()

    @api.model
    def _shrink_image(self, vals, create=False):
        """``vals`` with its photo checked, and at most PHOTO_MAX_PX wide or high."""
        if not create and "image" not in vals:
            return vals
        data = self._check_photo_file(vals.get("image"))
        image = ImageProcess(data)  # a decompression bomb is refused in words here
        if max(image.image.size) <= PHOTO_MAX_PX:
            return vals
        image.resize(max_width=PHOTO_MAX_PX, max_height=PHOTO_MAX_PX)
        return {**vals, "image": base64.b64encode(image.image_quality(quality=PHOTO_QUALITY))}

    @api.model
    def _check_photo_file(self, value):
        """A photo the report can print, refused in words otherwise (a PDF, a document, an
        SVG): Odoo's image field would store an SVG or a WEBP as it is, and an image field
        stored as an attachment does not enforce its ``required``."""
        if not value:
            raise ValidationError(self.env._("Upload the photo of the event."))
        try:
            data = base64.b64decode(value)
        except (binascii.Error, ValueError, TypeError):
            data = b""
        if guess_mimetype(data[:1024], "") not in PHOTO_MIMETYPES:
            raise ValidationError(
                self.env._("An event photo must be a JPEG or PNG image (a photo of the event).")
            )
        return data
