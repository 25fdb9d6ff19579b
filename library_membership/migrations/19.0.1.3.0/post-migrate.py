"""Issue 17: the complaints' numbers take the applications' padding (ADU/2026/00011
after ADU/2026/0010, as DAF/2026/00014; the numbers given stay as they are), and the
ID document scans already stored say what they are (image or PDF), so that the form
shows them inline. Some Indonesian words changed (the application's page says
"Pendaftaran", not "aplikasi"; the complaint's subject is "Perihal" everywhere): an
update keeps the translations a database holds, so the module's Indonesian ones are
loaded again over them."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    # the sequence is noupdate: only the padding the module set moves, not an agency's own
    sequence = env.ref("library_membership.seq_library_complaint", raise_if_not_found=False)
    if sequence and sequence.padding == 4:
        sequence.padding = 5
    # the file type Odoo read from each scan when it stored it
    cr.execute(
        """UPDATE library_member m
              SET id_document_mimetype = a.mimetype
             FROM ir_attachment a
            WHERE a.res_model = 'library.member' AND a.res_field = 'id_document'
              AND a.res_id = m.id AND m.id_document_mimetype IS NULL"""
    )
    # the module's own Indonesian words, over the ones stored (an update keeps them)
    langs = [code for code, _name in env["res.lang"].get_installed() if code.startswith("id")]
    if langs:
        env["ir.module.module"]._load_module_terms(["library_membership"], langs, overwrite=True)
