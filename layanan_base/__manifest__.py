{
    "name": "Layanan Publik: Base",
    "summary": "What the public services share: service requests through SOP steps, "
    "bookings, NIK, WIB dates, settings and text limits, rate limits (technical, no menu)",
    "version": "19.0.1.3.0",
    "category": "Hidden/Tools",
    "website": "https://github.com/jateng-biroumum/odoo-layanan-publik",
    "author": "Pemerintah Provinsi Jawa Tengah",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "auth_passkey",
        "auth_signup",
        "mail",
        "portal",
    ],
    # Odoo's own requirement: the QR codes of the printed documents
    "external_dependencies": {"python": ["qrcode"]},
    "data": [
        "security/layanan_base_security.xml",
        "security/ir.model.access.csv",
        "data/layanan_base_data.xml",
        "data/mail_template_data.xml",
        "data/layanan_login_data.xml",
        "views/res_users_views.xml",
        "views/signup_templates.xml",
        "views/layanan_login_lock_views.xml",
        "views/layanan_sop_step_views.xml",
        "views/layanan_reason_wizard_views.xml",
        "views/accessibility_templates.xml",
        "views/layanan_agency_views.xml",
        "views/portal_templates.xml",
        "views/home_templates.xml",
        "views/portal_cancel_templates.xml",
        "report/layanan_report_templates.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "layanan_base/static/src/css/accessibility.css",
        ],
    },
    "post_init_hook": "post_init_hook",
}
