import base64
import re

import qrcode

from odoo.tests import TransactionCase, tagged

from odoo.addons.layanan_base.tools import qr_svg_data_uri


def svg_modules(data_uri):
    """The dark squares the SVG draws, read back from its path."""
    svg = base64.b64decode(data_uri.split(",", 1)[1]).decode()
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    dark = set()
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        dark.update((int(x) + i, int(y)) for i in range(int(width)))
    return size, dark


@tagged("post_install", "-at_install")
class TestQr(TransactionCase):
    def test_the_svg_draws_the_code_of_the_value(self):
        url = "https://layanan.example.go.id/perpustakaan/kartu/" + "x" * 43
        for border in (0, 4):
            code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=border)
            code.add_data(url)
            code.make(fit=True)
            expected = {
                (x, y)
                for y, row in enumerate(code.get_matrix())
                for x, is_dark in enumerate(row)
                if is_dark
            }
            size, dark = svg_modules(qr_svg_data_uri(url, border=border))
            self.assertEqual(size, code.modules_count + 2 * border)
            self.assertEqual(dark, expected)
        self.assertNotEqual(
            svg_modules(qr_svg_data_uri(url))[1], svg_modules(qr_svg_data_uri("x"))[1]
        )
