package org.greenai.tracker.djl;

import java.util.Random;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/** A tiny MLP on synthetic, linearly separable data, trained with DJL's PyTorch engine on the CPU. */
final class TinyTraining {
    static final int FEATURES = 8;
    static final int CLASSES = 3;

    private TinyTraining() {
    }

    static Model model() {
        Model model = Model.newInstance("tiny-mlp", "PyTorch");
        model.setBlock(new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(CLASSES).build()));
        return model;
    }

    /** {@code samples} examples in batches of {@code batchSize}, in a fixed order; seeded. */
    static ArrayDataset dataset(NDManager manager, int samples, int batchSize, long seed) {
        Random random = new Random(seed);
        float[] x = new float[samples * FEATURES];
        float[] y = new float[samples];
        for (int i = 0; i < samples; i++) {
            int label = random.nextInt(CLASSES);
            y[i] = label;
            for (int f = 0; f < FEATURES; f++) {
                x[i * FEATURES + f] = (float) random.nextGaussian() * 0.3f + (f % CLASSES == label ? 1f : 0f);
            }
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(x, new Shape(samples, FEATURES)))
                .optLabels(manager.create(y, new Shape(samples)))
                .setSampling(batchSize, false)
                .build();
    }

    /** Cross-entropy loss, accuracy, SGD; the listeners in the order given. */
    static DefaultTrainingConfig config(TrainingListener... listeners) {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .addEvaluator(new Accuracy())
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build())
                .addTrainingListeners(listeners);
    }

    static Shape inputShape(int batchSize) {
        return new Shape(batchSize, FEATURES);
    }
}
