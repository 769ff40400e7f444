package dev.trainkit.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Function style, class style and composition, checked against the goldens. */
class LossApiTest {

    static JsonNode golden(String id) throws Exception {
        return GoldenLossTest.cases().map(a -> (JsonNode) a.get()[1])
                .filter(c -> c.get("id").asText().equals(id)).findFirst().orElseThrow();
    }

    static Tensor arg(JsonNode c, int i) {
        return GoldenLossTest.tensor(c.get("args").get(i));
    }

    static double value(JsonNode c) {
        return c.get("loss").get("data").get(0).asDouble();
    }

    static double[] grad(JsonNode c) {
        return GoldenLossTest.doubles(c.get("args").get(0).get("grad"));
    }

    /** Value and input gradient of {@code loss} on a golden case's arguments. */
    static double[] run(LossFunction loss, JsonNode c, double[] gradOut) {
        Tensor x = arg(c, 0).requiresGrad_(true);
        Tensor l = loss.apply(x, arg(c, 1));
        l.backward();
        System.arraycopy(x.grad().toDoubleArray(), 0, gradOut, 0, gradOut.length);
        return new double[] {l.item()};
    }

    @Test
    void lambdaIsALossWithAutogradGradient() throws Exception {
        // the book's my_loss = torch.mean((output - target) ** 2)
        LossFunction myLoss = (output, target) -> output.sub(target).pow(2).mean();
        JsonNode mse = golden("MSE/mean");
        double[] g = new double[grad(mse).length];
        GoldenLossTest.assertClose(new double[] {value(mse)}, run(myLoss, mse, g), "lambda value");
        GoldenLossTest.assertClose(grad(mse), g, "lambda grad");
        double[] g2 = new double[g.length];
        GoldenLossTest.assertClose(run(new MSELoss(), mse, g2), run(myLoss, mse, g), "lambda vs MSELoss");
        GoldenLossTest.assertClose(g2, g, "lambda vs MSELoss grad");
    }

    /** The book's DiceLoss as a user class: a few lines over tensor ops. */
    static final class BookDiceLoss extends Loss {
        @Override
        public Tensor forward(Tensor input, Tensor target) {
            Tensor p = input.sigmoid();
            Tensor intersection = p.mul(target).sum();
            return intersection.mul(2).add(1).div(p.sum().add(target.sum()).add(1)).rsub(1);
        }
    }

    @Test
    void userDiceClassMatchesReference() throws Exception {
        JsonNode dice = golden("DiceLoss/binary");
        double[] g = new double[grad(dice).length];
        GoldenLossTest.assertClose(new double[] {value(dice)}, run(new BookDiceLoss(), dice, g), "user dice");
        GoldenLossTest.assertClose(grad(dice), g, "user dice grad");
        assertEquals(Reduction.MEAN, new BookDiceLoss().reduction());
    }

    @Test
    void weightedSumsAreOneLoss() throws Exception {
        JsonNode diceBce = golden("DiceBCELoss/plain");   // bce + dice on the same tensors
        JsonNode dice = golden("DiceLoss/binary");
        double[] g = new double[grad(dice).length];
        Loss sum = new BookDiceLoss().plus(new BCEWithLogitsLoss());
        GoldenLossTest.assertClose(new double[] {value(diceBce)}, run(sum, diceBce, g), "dice + bce");
        GoldenLossTest.assertClose(grad(diceBce), g, "dice + bce grad");

        double expected = value(diceBce) - 0.5 * value(dice);   // 0.5 * dice + bce
        double[] expectedGrad = grad(diceBce).clone();
        for (int i = 0; i < expectedGrad.length; i++) {
            expectedGrad[i] -= 0.5 * grad(dice)[i];
        }
        for (Loss combo : List.of(Losses.sum(0.5, new DiceLoss(), 1.0, new BCEWithLogitsLoss()),
                new DiceLoss().times(0.5).plus(new BCEWithLogitsLoss()))) {
            GoldenLossTest.assertClose(new double[] {expected}, run(combo, diceBce, g), combo.toString());
            GoldenLossTest.assertClose(expectedGrad, g, combo + " grad");
        }
        WeightedSumLoss flat = (WeightedSumLoss) new DiceLoss().times(0.5).plus(2.0, new MSELoss()).times(2);
        assertEquals(List.of(1.0, 4.0), flat.factors());
        Loss withLambda = new MSELoss().plus((in, t) -> in.sum().mul(0));
        assertEquals(2, ((WeightedSumLoss) withLambda).terms().size());
    }

    @Test
    void classWeightsAreBuffersThatMoveWithTheComposition() {
        Loss ce = new CrossEntropyLoss().weight(Torch.tensor(new float[] {1, 2, 3}, 3));
        assertEquals(List.of("weight"), List.copyOf(ce.namedBuffers().keySet()));
        Loss combo = Losses.sum(1.0, new MSELoss(), 0.5, ce);
        assertEquals(List.of("1.weight"), List.copyOf(combo.namedBuffers().keySet()));
        assertTrue(ce.toString().contains("label_smoothing=0.0"), ce.toString());
    }

    @Test
    void reductionAndModeNamesArePyTorchs() {
        assertEquals(Reduction.SUM, Reduction.of("sum"));
        assertEquals("none", Reduction.NONE.pyName());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Reduction.of("avg")).getMessage()
                .contains("[none, mean, sum]"));
        assertEquals(Mode.MULTILABEL, Mode.of("multilabel"));
        assertTrue(Losses.names().containsAll(List.of("CrossEntropyLoss", "CTCLoss", "JaccardLoss", "SobolevLoss")));
    }
}
