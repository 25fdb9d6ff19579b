{
    "name": "Layanan Publik: Base",
    "summary": "What the public services share: service requests through SOP steps, "
    "bookings, NIK, WIB dates, settings and text limits, rate limits (technical, no menu)",
    "version": "19.0.1.0.0",
    "category": "Hidden/Tools",
    "website": "https://github.com/jateng-biroumum/odoo-layanan-publik",
    "author": "Pemerintah Provinsi Jawa Tengah",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "auth_signup",
        "mail",
        "portal",
    ],
    "data": [
        "security/ir.model.access.csv",
        "data/layanan_base_data.xml",
        "views/layanan_sop_step_views.xml",
        "views/layanan_reason_wizard_views.xml",
    ],
}
