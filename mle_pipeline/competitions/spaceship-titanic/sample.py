"""Synthetic spaceship-titanic download: train.csv, test.csv, sample_submission.csv."""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, sigmoid, write_csv

PLANETS = ["Earth", "Europa", "Mars"]
DESTINATIONS = ["TRAPPIST-1e", "55 Cancri e", "PSO J318.5-22"]
SPENDING = ["RoomService", "FoodCourt", "ShoppingMall", "Spa", "VRDeck"]


def _passengers(gen: np.random.Generator, n: int, first_group: int) -> pd.DataFrame:
    groups = first_group + np.arange(n)
    cryo = gen.random(n) < 0.35
    spend = {
        col: np.where(cryo, 0.0, np.round(gen.exponential(300, n) * (gen.random(n) < 0.6)))
        for col in SPENDING
    }
    frame = pd.DataFrame(
        {
            "PassengerId": [f"{g:04d}_{gen.integers(1, 4):02d}" for g in groups],
            "HomePlanet": gen.choice(PLANETS, n),
            "CryoSleep": cryo,
            "Cabin": [
                f"{gen.choice(list('ABCDEFG'))}/{gen.integers(0, 1800)}/{gen.choice(['P', 'S'])}"
                for _ in range(n)
            ],
            "Destination": gen.choice(DESTINATIONS, n),
            "Age": np.round(gen.uniform(0, 79, n)),
            "VIP": gen.random(n) < 0.03,
            **spend,
            "Name": [f"Person{g} Sample" for g in groups],
        }
    )
    total = sum(spend.values())
    logit = 1.8 * cryo - total / 800 + 0.3 * (frame["HomePlanet"] == "Europa") + 0.2
    frame["Transported"] = gen.random(n) < sigmoid(logit.to_numpy(dtype=float))
    return frame


def generate(out_dir: Path, seed: int = 0, n_train: int = 400, n_test: int = 120) -> None:
    gen = rng(seed, "spaceship-titanic")
    train = _passengers(gen, n_train, first_group=1)
    test = _passengers(gen, n_test, first_group=n_train + 1).drop(columns=["Transported"])
    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    write_csv(
        pd.DataFrame({"PassengerId": test["PassengerId"], "Transported": False}),
        out_dir / "sample_submission.csv",
    )
