{
    "name": "ePesanRuangan",
    "summary": "Balaikota room booking per the DKI Jakarta SOP: NRK login, room and "
    "equipment requests, four-role verification, scheduling and event reports",
    "version": "19.0.1.4.0",
    "category": "Services",
    "website": "https://github.com/jateng-biroumum/odoo-layanan-publik",
    "author": "Biro Umum dan Administrasi Setda Provinsi DKI Jakarta",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "layanan_base",
        "calendar",
        "mail",
        "portal",
        "resource",
    ],
    "data": [
        "security/epesanruangan_security.xml",
        "security/ir.model.access.csv",
        "data/epesanruangan_data.xml",
        "data/layanan_document_type_data.xml",
        "views/epesanruangan_booking_views.xml",
        "views/epesanruangan_config_views.xml",
        "views/portal_templates.xml",
        "views/public_schedule_templates.xml",
        "report/epesanruangan_event_report.xml",
        "report/epesanruangan_event_templates.xml",
        "views/epesanruangan_menus.xml",
    ],
    "demo": ["demo/epesanruangan_demo.xml", "demo/layanan_agency_demo.xml"],
    "assets": {
        "web.assets_frontend": [
            "epesanruangan/static/src/js/booking_form.js",
        ],
        "web.assets_tests": [
            "epesanruangan/static/src/js/tours/*.js",
        ],
    },
}
