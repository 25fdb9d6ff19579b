import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("library_membership_counter_tour", {
    url: "/odoo/action-library_membership.library_member_action",
    steps: () => [
        {
            content: "Register a new applicant at the counter",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Full name",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour Applicant",
        },
        {
            content: "NIK from the KTP",
            trigger: ".o_field_widget[name=nik] input",
            run: "edit 3374011205909977",
        },
        {
            content: "Date of birth",
            trigger: ".o_field_widget[name=birthdate] input",
            run: "edit 05/12/1990",
        },
        {
            content: "Gender",
            trigger: ".o_field_widget[name=gender] input[data-value=male]",
            run: "click",
        },
        {
            content: "Address",
            trigger: ".o_field_widget[name=street] textarea",
            run: "edit Jl. Tur 1, Semarang",
        },
        {
            content: "Phone",
            trigger: ".o_field_widget[name=phone] input",
            run: "edit 0899 7777 1234",
        },
        {
            content: "Member category",
            trigger: ".o_field_widget[name=category_id] input",
            run: "edit General",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(General public)",
            run: "click",
        },
        {
            content: "Step 1: the document is presented",
            trigger: "button[name=action_register]",
            run: "click",
        },
        {
            content: "Step 2: the form is filled",
            trigger: "button[name=action_form_filled]",
            run: "click",
        },
        {
            content: "Step 3: the data are entered",
            trigger: "button[name=action_submit]",
            run: "click",
        },
        {
            content: "Step 4: cross-check",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Submitted)",
        },
        {
            trigger: "button[name=action_crosscheck]",
            run: "click",
        },
        {
            content: "The applicant is verified, the photo comes next",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Verified)",
        },
        {
            trigger: "button[name=action_photo_taken]",
        },
    ],
});
