package org.greenai.tracker.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A tiny MLP on synthetic, linearly separable data, trained with DL4J on the nd4j-native CPU backend. */
final class TinyTraining {
    static final int FEATURES = 8;
    static final int CLASSES = 3;

    private TinyTraining() {
    }

    static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7)
                .updater(new Sgd(0.1))
                .list()
                .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    /** {@code samples} examples in minibatches of {@code batchSize}, one-hot labels; seeded. */
    static List<DataSet> batches(int samples, int batchSize, long seed) {
        Random random = new Random(seed);
        List<DataSet> batches = new ArrayList<>();
        for (int start = 0; start < samples; start += batchSize) {
            int n = Math.min(batchSize, samples - start);
            float[][] x = new float[n][FEATURES];
            float[][] y = new float[n][CLASSES];
            for (int i = 0; i < n; i++) {
                int label = random.nextInt(CLASSES);
                y[i][label] = 1f;
                for (int f = 0; f < FEATURES; f++) {
                    x[i][f] = (float) random.nextGaussian() * 0.3f + (f % CLASSES == label ? 1f : 0f);
                }
            }
            batches.add(new DataSet(Nd4j.create(x), Nd4j.create(y)));
        }
        return batches;
    }

    static ListDataSetIterator<DataSet> iterator(int samples, int batchSize, long seed) {
        List<DataSet> examples = new ArrayList<>();
        for (DataSet batch : batches(samples, batchSize, seed)) {
            examples.addAll(batch.asList());
        }
        return new ListDataSetIterator<>(examples, batchSize);
    }
}
