import { registry } from "@web/core/registry";

/** A 900 x 500 PNG (wider than 3 x 4: the crop keeps its centre), as a file input
 * would give it. */
async function landscapeFile() {
    const canvas = document.createElement("canvas");
    canvas.width = 900;
    canvas.height = 500;
    const context = canvas.getContext("2d");
    context.fillStyle = "#2266aa";
    context.fillRect(0, 0, 900, 500);
    context.fillStyle = "#ffcc00";
    context.fillRect(300, 0, 300, 500);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    return new File([blob], "foto-anggota.png", { type: "image/png" });
}

registry.category("web_tour.tours").add("library_membership_photo_upload_tour", {
    steps: () => [
        {
            content: "This computer has no camera",
            trigger: ".o_field_widget[name=image_1920]",
            run() {
                navigator.mediaDevices.getUserMedia = () =>
                    Promise.reject(new DOMException("Requested device not found", "NotFoundError"));
            },
        },
        {
            // the photo's buttons show when the pointer is over the photo
            content: "Take the member's photo",
            trigger: ".o_field_widget[name=image_1920] .o_library_webcam_button:not(:visible)",
            run: "click",
        },
        {
            content: "The dialog says, in Indonesian, that there is no camera",
            trigger: ".modal .o_library_webcam_error:contains(Kamera tidak tersedia)",
        },
        {
            content: "and offers to upload a photo instead",
            trigger: ".modal .o_library_webcam_upload:contains(Unggah foto)",
        },
        {
            content: "A file that is no photo is refused in words",
            trigger: ".modal input.o_library_webcam_file:not(:visible)",
            async run() {
                const transfer = new DataTransfer();
                transfer.items.add(new File(["bukan foto"], "catatan.txt", { type: "text/plain" }));
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            trigger: ".modal .o_library_webcam_file_error:contains(bukan foto)",
        },
        {
            content: "Upload a photo file",
            trigger: ".modal input.o_library_webcam_file:not(:visible)",
            async run() {
                const transfer = new DataTransfer();
                transfer.items.add(await landscapeFile());
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The photo, cropped to 3 x 4, is shown",
            trigger: ".modal img.o_library_webcam_snapshot",
        },
        {
            trigger: ".modal .o_library_webcam_use",
            run: "click",
        },
        {
            content: "The photo is in the field",
            trigger: ".o_field_widget[name=image_1920] img[src^='data:image/']",
        },
        {
            content: "Step 6: the photo is taken",
            trigger: "button[name=action_photo_taken]",
            run: "click",
        },
        {
            content: "The card can be printed now",
            trigger: "button[name=action_print_card]",
        },
    ],
});
