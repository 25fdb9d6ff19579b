"""No English and no "YourCompany" reaches a citizen (issue 16, item 1): every page our
addons serve or link to, as a visitor and as the demo members and operators see it, and
the documents they print, read in Indonesian.

A page's words are what a person reads: the visible text (Playwright's inner_text skips
hidden elements), the page's title, and the placeholder / aria-label / title / alt of
the visible inputs, buttons, links and images. A PDF's words are its text (pdftotext).
Each is checked for Odoo's demo placeholders ("YourCompany", "Your logo", "My Company")
and for common English UI words (ENGLISH below, less the words Indonesian shares and
the seeds' own words); a failure lists each word with the line it was found on.
"""

import re

import pytest
from sys_helpers import (
    PORTAL_PAGES,
    VISITOR_PAGES,
    Rpc,
    admin,  # noqa: F401 (fixture)
    browser_login,
    in_indonesian,  # noqa: F401 (fixture)
    page_ids,  # noqa: F401 (fixture)
    pdf_text,
    session_as,
)

PLACEHOLDERS = ("yourcompany", "your logo", "my company")
# not English, but not Indonesian either: core's Indonesian has the Malay "Log masuk" for
# "Log in" and misspells "Nomor" ("Jalan dan Nomr")
NOT_INDONESIAN = ("log masuk", "nomr")

# Common English words of a web UI (Odoo's portal, login, sign-up, invoices, chatter,
# lists and forms) that are not Indonesian words too.
ENGLISH = frozenset(
    """
    the your you yours and or with without for from of to in on at is are was be been
    this that these those there here it its our we us my me not no yes all any some
    what when where which who how please thank thanks welcome hello dear
    sign signup signin login up out reset password forgot forgotten confirm confirmation
    remember show hide account accounts user username name first last
    back home next previous more less see view read search filter filters sort group by
    save cancel submit send sent discard delete remove add create new edit update close
    open continue accept decline approve reject agree
    message messages conversation empty follow followers following unfollow
    powered copyright rights reserved terms conditions privacy policy
    page pages date dates time day days week month year today tomorrow yesterday
    status state total subtotal amount amounts paid due overdue unpaid pay payment payments
    tax taxes untaxed balance reference description quantity price prices
    invoices bills bill customer document documents details download print
    request requests booking bookings room rooms event events report reports
    upcoming past current draft submitted approved rejected cancelled done scheduled
    only also other others free available none nothing found error warning success
    loading required optional must should can cannot could would will
    connect connected email address phone mobile street city country
    skip content main toggle navigation passkey
    """.split()
)
# Words of that list which Indonesian uses too, or that are the seeds' own words
# (GLOSSARY.md: "Login", "Invoice"; "edit" is in the KBBI; proper nouns such as Odoo,
# WIB, NIK, NRK, QR are not in the list): allowed.
SHARED = frozenset(
    """
    login status total filter email no data edit
    """.split()
)
WORDS = ENGLISH - SHARED


def english_words(text):
    """The English words of a text, each with the line it stands in: [(word, line)]."""
    found = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        lowered = line.lower()
        for phrase in PLACEHOLDERS + NOT_INDONESIAN:
            if re.search(rf"\b{phrase}\b", lowered):
                found.append((phrase, line))
        # addresses and links are names, not words (siti.rahayu@example.com)
        plain = re.sub(r"\S+@\S+|\bhttps?://\S+|\b\S+\.(?:com|id|org)\b\S*", " ", line)
        # a word stands between non-alphanumerics: a code's letters (e2be6d) are none
        for word in re.findall(r"(?<![A-Za-z0-9])[A-Za-z]+(?:'[a-z]+)?(?![A-Za-z0-9])", plain):
            if word.lower() in WORDS:
                found.append((word, line))
    return found


def report(where, text):
    return [f"{where}: {word!r} in: {line[:160]}" for word, line in english_words(text)]


# the visible elements' words that are not text: a field's placeholder, a button's or an
# icon link's aria-label / title, an image's alt
_ATTRIBUTES_JS = """() => {
    const out = [];
    for (const el of document.querySelectorAll(
            'input, textarea, select, button, a, img, [role=button], [aria-label], [title]')) {
        if (!el.getClientRects().length) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        for (const name of ['placeholder', 'aria-label', 'title', 'alt']) {
            const value = el.getAttribute(name);
            if (value && value.trim()) out.push(name + '=' + value.trim());
        }
        if (el.tagName === 'INPUT' && ['submit', 'button'].includes(el.type) && el.value) {
            out.push('value=' + el.value);
        }
    }
    // what a screen reader reads, or a keyboard user sees on focus (the skip link)
    for (const el of document.querySelectorAll(
            '.visually-hidden, .visually-hidden-focusable, .sr-only')) {
        if (el.textContent.trim()) out.push('hidden text=' + el.textContent.trim());
    }
    return out;
}"""


def page_problems(page, url, path):
    response = page.goto(url + path)
    assert response.status < 400, f"{path}: HTTP {response.status}"
    return visible_problems(page, f"{path} [{page.viewport_name}]")


def visible_problems(page, where):
    """The English of the page as it is now."""
    page.wait_for_load_state("networkidle")
    problems = report(f"{where} <title>", page.title())
    # the names of the world's countries (the address's list) are proper nouns, some of
    # them English in Odoo's Indonesian ("Bosnia and Herzegovina"): not UI words
    countries = {
        name.strip() for name in page.locator("select[name=country_id] option").all_inner_texts()
    }
    text = page.inner_text("body").splitlines()
    text = [line for line in text if line.strip() not in countries or not line.strip()]
    problems += report(where, "\n".join(text))
    problems += report(f"{where} attribute", "\n".join(page.evaluate(_ATTRIBUTES_JS)))
    return problems


# ---------------------------------------------------------------------- the pages
# who opens which pages: a visitor, and each service's demo account (sys_helpers' list,
# the accessibility scan's too)
PEOPLE = {"visitor": (None, None, VISITOR_PAGES), **PORTAL_PAGES}


def test_english_words_are_found_with_their_line():
    text = "Masuk\nPlease sign in\nCopyright © YourCompany\nsiti@yourmail.com Invoice Login"
    assert english_words(text) == [
        ("Please", "Please sign in"),
        ("sign", "Please sign in"),
        ("in", "Please sign in"),
        ("yourcompany", "Copyright © YourCompany"),
        ("Copyright", "Copyright © YourCompany"),
    ]


@pytest.mark.parametrize("who", sorted(PEOPLE))
def test_pages_speak_indonesian(odoo, page, page_ids, who, in_indonesian):  # noqa: F811
    login, password, paths = PEOPLE[who]
    if login:
        browser_login(page, odoo.url, login, password)
    problems = []
    for path in paths:
        problems += page_problems(page, odoo.url, path.format(**page_ids))
    assert not problems, "English on the pages:\n" + "\n".join(problems)


def test_password_reset_answers_in_indonesian(odoo, page, in_indonesian):  # noqa: F811
    """What a visitor who forgot the password reads once the form is sent."""
    page.goto(f"{odoo.url}/web/reset_password")
    page.fill("input[name=login]", "dinas.pendidikan@example.com")
    with page.expect_navigation():
        page.click("form.oe_reset_password_form button[type=submit]")
    problems = visible_problems(page, f"/web/reset_password sent [{page.viewport_name}]")
    assert not problems, "English on the page:\n" + "\n".join(problems)


def test_library_forms_answer_in_indonesian(odoo, page, in_indonesian):  # noqa: F811
    """What a visitor reads once the library's forms are sent: an application with
    mistakes (the messages of its fields), and a complaint received (its number and the
    link to follow it)."""
    page.goto(f"{odoo.url}/perpustakaan/daftar")
    page.fill("input[name=name]", "Ani Wulandari")
    page.fill("input[name=nik]", "123")
    with page.expect_navigation():
        page.click("form.o_library_register_form button[type=submit]")
    assert page.locator(".invalid-feedback:visible, .alert-danger").count(), "no error shown"
    problems = visible_problems(page, f"/perpustakaan/daftar with mistakes [{page.viewport_name}]")
    page.goto(f"{odoo.url}/perpustakaan/pengaduan")
    page.fill("input[name=name]", "Dimas Saputra")
    page.fill("input[name=contact]", "081234567890")
    page.fill("input[name=subject]", "Buku sulit ditemukan di rak")
    page.fill("textarea[name=description]", "Nomor panggil di katalog tidak sesuai dengan rak.")
    with page.expect_navigation():
        page.click("form.o_library_complaint_form button[type=submit]")
    assert page.locator(".o_library_complaint_link").count(), "the complaint was not received"
    problems += visible_problems(page, f"/perpustakaan/pengaduan sent [{page.viewport_name}]")
    page.click(".o_library_complaint_link")
    problems += visible_problems(page, f"a new complaint's page [{page.viewport_name}]")
    assert not problems, "English on the pages:\n" + "\n".join(problems)


# a document's place and date of issue, as under an Indonesian letter
ISSUED = re.compile(
    r"(?P<place>[A-Z][a-z]+), \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|"
    r"September|Oktober|November|Desember) \d{4}\b"
)


def test_documents_speak_indonesian(odoo, admin, page_ids, in_indonesian):  # noqa: F811
    """The invoice / Bukti Peminjaman the member prints, the library member card its
    member downloads, and the event report of the Balaikota (the operator has no link to
    it: the officer prints it): in Indonesian, each with its number and its place and
    date of issue ("Semarang, 7 Desember 2026") as a government document has them."""
    documents = {}
    member = session_as(odoo.url, "siti.rahayu@example.com", "siti")
    invoice = member.get(f"{odoo.url}/my/bookings/{page_ids['booking']}/cetak", timeout=180)
    assert invoice.status_code == 200, invoice.text[:300]
    booking = admin.read1("biroumum.booking", page_ids["booking"], ["name", "invoice_id"])
    documents["Biro Umum invoice PDF"] = (
        pdf_text(invoice.content),
        [booking["name"], booking["invoice_id"][1].split()[0]],
        "Semarang",
    )
    library_member = session_as(odoo.url, "rina.perpus", "rina.perpus")
    card = library_member.get(f"{odoo.url}/my/library-card/pdf", timeout=180)
    assert card.status_code == 200, card.text[:300]
    number = admin.read1("library.member", page_ids["card"], ["member_number"])["member_number"]
    documents["library member card PDF"] = (pdf_text(card.content), [number], "Semarang")
    officer = Rpc(odoo.url, "petugas@jakarta.go.id", "petugas")
    event = officer.session.get(
        f"{odoo.url}/report/pdf/epesanruangan.report_event/{page_ids['request_done']}",
        timeout=180,
    )
    assert event.status_code == 200, event.text[:300]
    request = admin.read1("epesanruangan.booking", page_ids["request_done"], ["name"])
    documents["Balaikota event report PDF"] = (
        pdf_text(event.content),
        [request["name"]],
        "Jakarta",
    )
    problems = []
    for where, (text, numbers, place) in documents.items():
        problems += report(where, text)
        flat = " ".join(text.split())
        problems += [f"{where}: no document number {n}" for n in numbers if n not in flat]
        issued = [match.group("place") for match in ISSUED.finditer(flat)]
        if place not in issued:
            problems.append(f"{where}: no place and date of issue '{place}, d Bulan yyyy'")
    assert not problems, "The documents:\n" + "\n".join(problems)
