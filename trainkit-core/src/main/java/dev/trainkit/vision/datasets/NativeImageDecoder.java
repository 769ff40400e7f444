package dev.trainkit.vision.datasets;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR_RGB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.LoggerFactory;

/**
 * JPEG and 8-bit PNG decoding in native code (OpenCV's imgcodecs: libjpeg-turbo and libpng, from
 * bytedeco's presets on Maven Central) to interleaved RGB pixels, the fast path of {@link ImageLoader}.
 *
 * <p>It decodes only what it can decode exactly as PIL's {@code Image.open(f).convert("RGB")}:
 * 8-bit grayscale, RGB, RGBA and palette PNGs, and 1- or 3-component JPEGs. EXIF orientation is
 * ignored ({@code IMREAD_IGNORE_ORIENTATION}), as PIL's plain open and torchvision's default loader
 * do. Everything else (16-bit PNGs, CMYK JPEGs, BMP, TIFF, ...) returns {@code null} so that the
 * caller falls back to {@code javax.imageio}; so does a machine where the OpenCV natives do not load.
 */
final class NativeImageDecoder {
    private static final Object LOCK = new Object();
    private static volatile Boolean available;

    private NativeImageDecoder() {
    }

    /**
     * Whether the OpenCV natives loaded (checked once); {@code -Ddev.trainkit.vision.nativeDecode=false}
     * turns the native path off (javax.imageio only), e.g. to compare the two.
     */
    static boolean available() {
        Boolean a = available;
        if (a == null) {
            synchronized (LOCK) {
                a = available;
                if (a == null && "false".equals(System.getProperty("dev.trainkit.vision.nativeDecode"))) {
                    a = Boolean.FALSE;
                    available = a;
                }
                if (a == null) {
                    try {
                        Loader.load(opencv_imgcodecs.class);
                        // one decode at a time per worker thread: OpenCV's own pool would compete with them
                        opencv_core.setNumThreads(1);
                        a = Boolean.TRUE;
                    } catch (Throwable e) { // UnsatisfiedLinkError on a platform without the natives
                        LoggerFactory.getLogger("dev.trainkit.vision").info(
                                "OpenCV natives unavailable ({}); images decode with javax.imageio", e.toString());
                        a = Boolean.FALSE;
                    }
                    available = a;
                }
            }
        }
        return a;
    }

    /**
     * Decodes {@code bytes} if it is a JPEG or PNG this decoder matches PIL on, into a uint8 tensor
     * {@code [H, W, 3]} (interleaved RGB) of the caller's scope: one native copy and no Java array
     * (a decoded image is a few hundred KB, which the JVM's collector handles as a humongous
     * object); {@code null} if the file is of another kind (the caller falls back), or if the
     * natives are unavailable.
     *
     * @throws IllegalArgumentException if it is such a JPEG/PNG but corrupt (the caller names the file)
     */
    static Tensor decodeToTensor(byte[] bytes) {
        if (!supported(bytes) || !available()) {
            return null;
        }
        // no PointerScope here: it would also take (and free) the tensor made inside it
        Mat buf = new Mat(bytes);
        Mat img = null;
        try {
            img = imdecode(buf, bytes);
            int h = img.rows();
            int w = img.cols();
            long row = 3L * w;
            Tensor t = Torch.zeros(DType.UINT8, h, w, 3);
            BytePointer dst = new BytePointer(NativeInterop.handle(t).data_ptr());
            if (img.isContinuous()) {
                Pointer.memcpy(dst, img.data(), row * h);
            } else {
                for (int y = 0; y < h; y++) {
                    Pointer.memcpy(dst.position(y * row), img.ptr(y), row);
                }
            }
            return t;
        } finally {
            if (img != null) {
                img.close();
            }
            buf.close();
        }
    }

    /** OpenCV's decode of a supported file; throws for corrupt or truncated data. */
    private static Mat imdecode(Mat buf, byte[] bytes) {
        if (!isPng(bytes) && !jpegComplete(bytes)) {
            // libjpeg only warns and fills the rest with grey; PIL refuses ("image file is truncated")
            throw new IllegalArgumentException("truncated JPEG data (no end-of-image marker after the last scan)");
        }
        Mat img = opencv_imgcodecs.imdecode(buf, IMREAD_COLOR_RGB | IMREAD_IGNORE_ORIENTATION);
        if (img == null || img.isNull() || img.empty()) {
            throw new IllegalArgumentException("corrupt or truncated " + kind(bytes) + " data (libjpeg/libpng"
                    + " could not decode it)");
        }
        return img;
    }

    /**
     * Whether an end-of-image marker (FF D9) follows the last start-of-scan marker (FF DA). In
     * entropy-coded data a 0xFF byte is always followed by 0x00 or a restart marker, so FF D9 there
     * is the real end.
     */
    static boolean jpegComplete(byte[] b) {
        int sos = -1;
        for (int i = b.length - 2; i >= 0; i--) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xDA) {
                sos = i;
                break;
            }
        }
        if (sos < 0) {
            return true; // no scan at all: libjpeg itself reports the file as corrupt
        }
        for (int i = sos + 2; i < b.length - 1; i++) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static String kind(byte[] b) {
        return isPng(b) ? "PNG" : "JPEG";
    }

    /** JPEG with 1 or 3 components, or PNG with 8-bit (or lower) samples; decided from the header. */
    static boolean supported(byte[] b) {
        if (isPng(b)) {
            // IHDR is the first chunk: bit depth at byte 24; 16-bit goes to ImageIO (PIL reduces it differently)
            return b.length > 25 && (b[24] & 0xff) <= 8;
        }
        if (b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) {
            int comps = jpegComponents(b);
            // 4 components = CMYK/YCCK (Adobe): PIL converts those its own way; -1 = no frame header
            // found, which libjpeg reports as corrupt
            return comps == 1 || comps == 3 || comps == -1;
        }
        return false;
    }

    private static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    /** The number of components in the first SOF marker, or -1 if none is found. */
    static int jpegComponents(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xff) != 0xFF) {
                return -1;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            int len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                return b[i + 9] & 0xff;
            }
            if (marker == 0xDA || len < 2) {
                return -1;
            }
            i += 2 + len;
        }
        return -1;
    }
}
