import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

train = pd.read_csv("data/train.csv")
test = pd.read_csv("data/test.csv")
cols = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]

vocab = {}
for sentence in train.comment_text:
    for word in str(sentence).lower().split():
        vocab.setdefault(word, len(vocab) + 1)


def encode(texts, length=120):
    ids = torch.zeros(len(texts), length, dtype=torch.long)
    for row, sentence in enumerate(texts):
        tokens = [vocab.get(w, 0) for w in str(sentence).lower().split()][:length]
        ids[row, : len(tokens)] = torch.tensor(tokens, dtype=torch.long)
    return ids


class BagModel(nn.Module):
    def __init__(self, size, dim=64):
        super().__init__()
        self.emb = nn.EmbeddingBag(size + 1, dim, mode="mean")
        self.out = nn.Linear(dim, len(cols))

    def forward(self, x):
        return self.out(self.emb(x))


net = BagModel(len(vocab))
optim = torch.optim.Adam(net.parameters(), lr=1e-3)
loader = DataLoader(
    TensorDataset(encode(train.comment_text), torch.tensor(train[cols].values).float()),
    batch_size=256,
    shuffle=True,
)
for epoch in range(3):
    for xb, yb in loader:
        optim.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(net(xb), yb)
        loss.backward()
        optim.step()
with torch.no_grad():
    probs = torch.sigmoid(net(encode(test.comment_text))).numpy()
pred = pd.DataFrame(probs, columns=cols)
pred.insert(0, "id", test.id)
pred.to_csv("submission/submission.csv", index=False)
