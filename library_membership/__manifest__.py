{
    "name": "Library Membership",
    "summary": "The provincial library's membership service per its SOP: registration, "
    "cross-check, photo, member card, service-time standard and complaints",
    "version": "19.0.1.3.0",
    "category": "Services",
    "website": "https://github.com/jateng-biroumum/odoo-layanan-publik",
    "author": "Dinas Kearsipan dan Perpustakaan Provinsi Jawa Tengah",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "layanan_base",
        "mail",
        "portal",
    ],
    "data": [
        "security/library_membership_security.xml",
        "security/ir.model.access.csv",
        "data/library_membership_data.xml",
        "data/mail_template_data.xml",
        "data/layanan_document_type_data.xml",
        "views/library_member_views.xml",
        "views/library_complaint_views.xml",
        "views/portal_templates.xml",
        "views/res_config_settings_views.xml",
        "report/member_card_report.xml",
        "report/member_card_templates.xml",
        "views/library_membership_menus.xml",
    ],
    "demo": [
        "demo/library_membership_demo.xml",
        "demo/layanan_agency_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "library_membership/static/src/webcam/*",
        ],
        "web.assets_tests": [
            "library_membership/static/src/js/tours/*.js",
        ],
    },
}
