{
    "name": "Library Membership",
    "summary": "The provincial library's membership service per its SOP: registration, "
    "cross-check, photo, member card, service-time standard and complaints",
    "version": "19.0.1.0.0",
    "category": "Services",
    "website": "https://github.com/jateng-biroumum/odoo-layanan-publik",
    "author": "Dinas Kearsipan dan Perpustakaan Provinsi Jawa Tengah",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "mail",
        "portal",
    ],
    "data": [
        "security/library_membership_security.xml",
        "security/ir.model.access.csv",
        "views/library_member_views.xml",
        "views/library_membership_menus.xml",
    ],
    "demo": [],
}
