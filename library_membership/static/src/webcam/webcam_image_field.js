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

/** Why the camera cannot be used, in the officer's words. */
function cameraProblem(error) {
    switch (error?.name) {
        case "NotAllowedError":
        case "SecurityError":
            return _t("the browser did not allow the use of the camera");
        case "NotFoundError":
        case "OverconstrainedError":
            return _t("no camera was found on this device");
        case "NotReadableError":
        case "AbortError":
            return _t("the camera is in use by another application");
        default:
            return _t("the camera could not be started");
    }
}

/** An image (HTMLImageElement) of the file, once the browser has decoded it. */
function loadImage(file) {
    return new Promise((resolve, reject) => {
        const url = URL.createObjectURL(file);
        const image = new Image();
        image.onload = () => {
            URL.revokeObjectURL(url);
            resolve(image);
        };
        image.onerror = () => {
            URL.revokeObjectURL(url);
            reject(new Error("not an image"));
        };
        image.src = url;
    });
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
        this.fileRef = useRef("file");
        this.state = useState({ ready: false, error: "", fileError: "", snapshot: "" });
        this.stream = null;
        onMounted(() => this.start());
        onWillUnmount(() => this.stop());
    }

    async start() {
        if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
            this.showCameraProblem(
                _t("the camera can only be used on a secure (HTTPS) address")
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
            this.stop();
            this.showCameraProblem(cameraProblem(error));
        }
    }

    showCameraProblem(reason) {
        this.state.error = _t(
            "Camera not available: %(reason)s. Upload a photo file instead; it is cropped to 3 x 4 like a camera photo.",
            { reason }
        );
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

    chooseFile() {
        this.fileRef.el.click();
    }

    /** A photo file instead of the camera: cropped to 3 x 4 as a capture is. */
    async onFileChange(ev) {
        const file = ev.target.files?.[0];
        ev.target.value = "";
        if (!file) {
            return;
        }
        this.state.fileError = "";
        try {
            const image = await loadImage(file);
            this.state.snapshot = cropToPassport(image, image.naturalWidth, image.naturalHeight);
        } catch {
            this.state.fileError = _t(
                "This file is not a photo the browser can open. Choose a JPEG or PNG image."
            );
        }
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
