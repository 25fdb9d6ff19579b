{
    "name": "Biro Umum Facility Booking",
    "summary": "Members book the province's vehicles, buildings, meeting rooms and "
    "venues in the portal; facility managers approve; finance invoices",
    "version": "19.0.1.0.0",
    "category": "Services",
    "website": "https://github.com/jateng-biroumum/odoo-layanan-publik",
    "author": "Biro Umum Setda Provinsi Jawa Tengah",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "account",
        "auth_signup",
        "calendar",
        "fleet",
        "mail",
        "portal",
        "resource",
    ],
    "data": [
        "security/biroumum_booking_security.xml",
        "security/ir.model.access.csv",
        "views/biroumum_facility_views.xml",
        "views/biroumum_booking_views.xml",
        "views/biroumum_booking_menus.xml",
    ],
    "demo": [],
}
