import os

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torchvision.transforms as T
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import models

DATA_DIR = "../input/aerial-cactus-identification"
labels = pd.read_csv(os.path.join(DATA_DIR, "train.csv"))
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class CactusDataset(Dataset):
    def __init__(self, frame, folder, transform):
        self.frame = frame.reset_index(drop=True)
        self.folder = folder
        self.transform = transform

    def __len__(self):
        return len(self.frame)

    def __getitem__(self, index):
        row = self.frame.iloc[index]
        image = Image.open(os.path.join(self.folder, row["id"])).convert("RGB")
        target = row["has_cactus"] if "has_cactus" in row else 0
        return self.transform(image), torch.tensor(target, dtype=torch.float32)


train_tf = T.Compose([T.RandomHorizontalFlip(), T.RandomVerticalFlip(), T.ToTensor(),
                      T.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])])
test_tf = T.Compose([T.ToTensor(), T.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])])
train_loader = DataLoader(CactusDataset(labels, os.path.join(DATA_DIR, "train"), train_tf),
                          batch_size=128, shuffle=True, num_workers=2)

net = models.resnet18(weights=None)
net.fc = nn.Linear(net.fc.in_features, 1)
net = net.to(device)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)

for epoch in range(5):
    net.train()
    running = 0.0
    for images, targets in train_loader:
        images, targets = images.to(device), targets.to(device)
        optimizer.zero_grad()
        loss = criterion(net(images).squeeze(1), targets)
        loss.backward()
        optimizer.step()
        running += loss.item() * images.size(0)
    print("epoch", epoch, "loss", running / len(train_loader.dataset))

sample = pd.read_csv(os.path.join(DATA_DIR, "sample_submission.csv"))
test_loader = DataLoader(CactusDataset(sample, os.path.join(DATA_DIR, "test"), test_tf),
                         batch_size=256, shuffle=False)
net.eval()
outputs = []
with torch.no_grad():
    for images, _ in test_loader:
        outputs.append(torch.sigmoid(net(images.to(device))).squeeze(1).cpu().numpy())
sample["has_cactus"] = np.concatenate(outputs)
sample.to_csv("submission.csv", index=False)
