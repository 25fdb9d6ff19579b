from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCounterTour(HttpCase):
    def test_counter_flow_tour(self):
        new_test_user(
            self.env,
            login="lm_tour_officer",
            name="Petugas Tur",
            groups="library_membership.group_officer",
        )
        self.start_tour(
            "/odoo/action-library_membership.library_member_action",
            "library_membership_counter_tour",
            login="lm_tour_officer",
        )
        member = self.env["library.member"].search([("name", "=", "Tour Applicant")])
        self.assertEqual(member.state, "verified")
        self.assertEqual(
            member.step_ids.mapped("step"), ["crosscheck", "input", "form", "register"]
        )
        self.assertEqual(member.step_ids.user_id.login, "lm_tour_officer")
