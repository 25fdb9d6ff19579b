"""The Indonesian NIK (Nomor Induk Kependudukan) validator, in one place for the three
services.

(python-stdnum's ``stdnum.id.nik`` would also check the regency code against
Kemendagri's list, but it came with python-stdnum 1.20, and Odoo 19 pins 1.19, which its
own VAT checks use: raising it under Odoo, and in the official Docker image's Debian
package, is not worth one more check of the regency.)

A NIK has 16 digits: PP KK CC DDMMYY SSSS where PP is the province code of the
Ministry of Home Affairs (Kemendagri), KK the regency/city, CC the district, DDMMYY the
birth date (day + 40 for women) and SSSS a serial number.
"""

import datetime

from odoo.exceptions import ValidationError

# Province codes of Kemendagri (Permendagri 72/2019 and the 2022 Papua provinces).
PROVINCE_CODES = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}


def _nik_date(day, month, yy):
    """The dates the DDMMYY part can stand for (19yy and 20yy)."""
    dates = []
    for century in (1900, 2000):
        try:
            dates.append(datetime.date(century + yy, month, day))
        except ValueError:
            continue
    return dates


def nik_errors(env, nik, birthdate=None, gender=None):
    """Return the list of messages saying what is wrong with ``nik`` (empty if valid).

    ``birthdate`` (a date) and ``gender`` ('male'/'female') are the data entered on the
    form; when given, the date encoded in the NIK must agree with them.
    """
    nik = (nik or "").strip()
    if not nik.isdigit() or not nik.isascii():
        return [env._("The NIK may contain digits only.")]
    if len(nik) != 16:
        return [env._("The NIK must have 16 digits, not %(count)s.", count=len(nik))]
    errors = []
    province = nik[:2]
    if province not in PROVINCE_CODES:
        errors.append(
            env._("The NIK starts with %(code)s, which is not a province code.", code=province)
        )
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    is_female = day > 40
    real_day = day - 40 if is_female else day
    dates = _nik_date(real_day, month, yy)
    if not dates:
        errors.append(
            env._(
                "Digits 7 to 12 of the NIK (%(part)s) are not a real birth date "
                "(DDMMYY, day + 40 for women).",
                part=nik[6:12],
            )
        )
        return errors
    if birthdate and birthdate not in dates:
        errors.append(
            env._(
                "The birth date in the NIK (%(nik_date)s) differs from the birth date "
                "entered (%(date)s).",
                nik_date=f"{real_day:02d}-{month:02d}-{yy:02d}",
                date=birthdate.strftime("%d-%m-%Y"),
            )
        )
    if gender == "female" and not is_female:
        errors.append(
            env._(
                "The NIK is a man's (day %(day)s); a woman's NIK has the birth day + 40.",
                day=nik[6:8],
            )
        )
    elif gender == "male" and is_female:
        errors.append(
            env._(
                "The NIK is a woman's (day %(day)s = birth day + 40), "
                "but the gender entered is male.",
                day=nik[6:8],
            )
        )
    if nik[12:] == "0000":
        errors.append(env._("The last four digits of the NIK (serial number) cannot be 0000."))
    return errors


def check_nik(env, nik, birthdate=None, gender=None):
    """Raise a ValidationError naming what is wrong with the NIK."""
    errors = nik_errors(env, nik, birthdate=birthdate, gender=gender)
    if errors:
        raise ValidationError("\n".join(errors))
