import { Component, onMounted, onWillUnmount, useRef, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { ImageField, imageField } from "@web/views/fields/image/image_field";

/** Width and height of the stored photo: 3 x 4, like a passport photo. */
const PHOTO_WIDTH = 600;
const PHOTO_HEIGHT = 800;

/**
 * Crop the centre 3:4 part of a video frame (or any image source) into a JPEG.
 * Returns the base64 data without the "data:" prefix.
 */
export function cropToPassport(source, sourceWidth, sourceHeight) {
    const ratio = PHOTO_WIDTH / PHOTO_HEIGHT;
    let cropWidth = sourceWidth;
    let cropHeight = Math.round(sourceWidth / ratio);
    if (cropHeight > sourceHeight) {
        cropHeight = sourceHeight;
        cropWidth = Math.round(sourceHeight * ratio);
    }
    const left = Math.round((sourceWidth - cropWidth) / 2);
    const top = Math.round((sourceHeight - cropHeight) / 2);
    const canvas = document.createElement("canvas");
    canvas.width = PHOTO_WIDTH;
    canvas.height = PHOTO_HEIGHT;
    canvas
        .getContext("2d")
        .drawImage(source, left, top, cropWidth, cropHeight, 0, 0, PHOTO_WIDTH, PHOTO_HEIGHT);
    return canvas.toDataURL("image/jpeg", 0.9).split(",")[1];
}

export class WebcamDialog extends Component {
    static template = "library_membership.WebcamDialog";
    static components = { Dialog };
    static props = {
        close: Function,
        onCapture: Function,
    };

    setup() {
        this.videoRef = useRef("video");
        this.state = useState({ ready: false, error: "", snapshot: "" });
        this.stream = null;
        onMounted(() => this.start());
        onWillUnmount(() => this.stop());
    }

    async start() {
        if (!navigator.mediaDevices?.getUserMedia) {
            this.state.error = _t(
                "This browser cannot use the camera here (it needs HTTPS or localhost). Upload a photo instead."
            );
            return;
        }
        try {
            this.stream = await navigator.mediaDevices.getUserMedia({
                video: { width: { ideal: 1280 }, height: { ideal: 960 }, facingMode: "user" },
                audio: false,
            });
            const video = this.videoRef.el;
            video.srcObject = this.stream;
            await video.play();
            this.state.ready = true;
        } catch (error) {
            this.state.error = _t("The camera could not be started: %s", error.message || error.name);
        }
    }

    stop() {
        for (const track of this.stream?.getTracks() || []) {
            track.stop();
        }
        this.stream = null;
    }

    capture() {
        const video = this.videoRef.el;
        if (!video || !video.videoWidth) {
            return;
        }
        this.state.snapshot = cropToPassport(video, video.videoWidth, video.videoHeight);
    }

    retake() {
        this.state.snapshot = "";
    }

    confirm() {
        if (this.state.snapshot) {
            this.props.onCapture(this.state.snapshot);
        }
        this.props.close();
    }
}

export class WebcamImageField extends ImageField {
    static template = "library_membership.WebcamImageField";

    setup() {
        super.setup();
        this.dialog = useService("dialog");
    }

    openCamera() {
        this.dialog.add(WebcamDialog, {
            onCapture: (data) =>
                this.onFileUploaded({ data, type: "image/jpeg", name: "photo.jpg" }),
        });
    }
}

export const webcamImageField = {
    ...imageField,
    component: WebcamImageField,
    displayName: _t("Image with webcam"),
};

registry.category("fields").add("library_webcam_image", webcamImageField);
