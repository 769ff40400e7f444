package dev.trainkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.train.FitResult;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe example end to end through the API on a tiny ImageFolder (2 classes x 8 PNGs of 16x16). */
class TorchvisionRecipeTest {

    static Path imageFolder(Path root) throws Exception {
        Random rnd = new Random(3);
        for (String split : new String[] {"train", "val"}) {
            for (int c = 0; c < 2; c++) {
                Path dir = Files.createDirectories(root.resolve(split).resolve(c == 0 ? "bright" : "dark"));
                for (int i = 0; i < (split.equals("train") ? 8 : 4); i++) {
                    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 16; y++) {
                        for (int x = 0; x < 16; x++) {
                            int v = Math.max(0, Math.min(255, (c == 0 ? 190 : 60) + rnd.nextInt(60) - 30));
                            img.setRGB(x, y, (v << 16) | (v << 8) | v);
                        }
                    }
                    ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
                }
            }
        }
        return root;
    }

    @Test
    void trainsWithTheWholeRecipe(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        FitResult r = TorchvisionRecipe.run(imageFolder(tmp.resolve("data")), out, "cnn(channels=[8])", 16, 4, 3);
        assertEquals(3, r.epochs());
        assertEquals(12, r.globalStep());
        for (String k : new String[] {"train_loss", "train_acc", "val_loss", "val_acc", "ema_val_loss", "ema_val_acc"}) {
            assertTrue(r.metrics().containsKey(k) && Double.isFinite(r.metrics().get(k)), k + " in " + r.metrics());
        }
        assertTrue(Files.isRegularFile(out.resolve("model_ema.pth")), "model_ema.pth");
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/best.ckpt")), "best.ckpt by ema_val_acc");
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/best_ema.pth")), "best_ema.pth");
        String config = Files.readString(out.resolve("config.json"));
        assertTrue(config.contains("SequentialLR(schedulers=[LinearLR(start_factor=0.01, total_iters=2), "
                + "CosineAnnealingLR(T_max=1)], milestones=[2])"), config);
        assertTrue(config.contains("MixupCutmix"), config);
    }
}
