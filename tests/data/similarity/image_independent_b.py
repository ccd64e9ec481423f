import glob
import os

import numpy as np
import pandas as pd
import tensorflow as tf

root = os.environ["DATA_DIR"]
table = pd.read_csv(f"{root}/train.csv")
table["path"] = root + "/train/" + table["id"]


def read(path, label):
    pixels = tf.io.decode_jpeg(tf.io.read_file(path), channels=3)
    return tf.image.convert_image_dtype(pixels, tf.float32), label


ds = tf.data.Dataset.from_tensor_slices((table.path.values, table.has_cactus.values))
ds = ds.shuffle(4096).map(read).batch(64).prefetch(2)

cnn = tf.keras.Sequential(
    [
        tf.keras.layers.Conv2D(32, 3, activation="relu", input_shape=(32, 32, 3)),
        tf.keras.layers.Conv2D(64, 3, activation="relu"),
        tf.keras.layers.MaxPooling2D(),
        tf.keras.layers.Dropout(0.25),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(128, activation="relu"),
        tf.keras.layers.Dense(1, activation="sigmoid"),
    ]
)
cnn.compile(optimizer="adam", loss="binary_crossentropy", metrics=["AUC"])
cnn.fit(ds, epochs=8)

files = sorted(glob.glob(f"{root}/test/*.jpg"))
test_ds = tf.data.Dataset.from_tensor_slices((files, np.zeros(len(files)))).map(read).batch(256)
scores = cnn.predict(test_ds).ravel()
pd.DataFrame({"id": [os.path.basename(f) for f in files], "has_cactus": scores}).to_csv(
    f"{os.environ['SUBMISSION_DIR']}/submission.csv", index=False
)
