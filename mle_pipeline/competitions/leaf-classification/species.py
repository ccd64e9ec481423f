"""The 99 leaf species of the competition (Kaggle's label names), in sorted order.

The answers and the sample submission have one column per species in this order.
"""

_GENERA = {
    "Acer": "Capillipes Circinatum Mono Opalus Palmatum Pictum Platanoids Rubrum Rufinerve "
    "Saccharinum",
    "Alnus": "Cordata Maximowiczii Rubra Sieboldiana Viridis",
    "Arundinaria": "Simonii",
    "Betula": "Austrosinensis Pendula",
    "Callicarpa": "Bodinieri",
    "Castanea": "Sativa",
    "Celtis": "Koraiensis",
    "Cercis": "Siliquastrum",
    "Cornus": "Chinensis Controversa Macrophylla",
    "Cotinus": "Coggygria",
    "Crataegus": "Monogyna",
    "Cytisus": "Battandieri",
    "Eucalyptus": "Glaucescens Neglecta Urnigera",
    "Fagus": "Sylvatica",
    "Ginkgo": "Biloba",
    "Ilex": "Aquifolium Cornuta",
    "Liquidambar": "Styraciflua",
    "Liriodendron": "Tulipifera",
    "Lithocarpus": "Cleistocarpus Edulis",
    "Magnolia": "Heptapeta Salicifolia",
    "Morus": "Nigra",
    "Olea": "Europaea",
    "Populus": "Adenopoda Grandidentata Nigra",
    "Prunus": "Avium X_Shmittii",
    "Pterocarya": "Stenoptera",
    "Quercus": "Afares Agrifolia Alnifolia Brantii Canariensis Castaneifolia Cerris Chrysolepis "
    "Coccifera Coccinea Crassifolia Crassipes Dolicholepis Ellipsoidalis Greggii Hartwissiana "
    "Ilex Imbricaria Infectoria_sub Kewensis Nigra Palustris Phellos Phillyraeoides Pontica "
    "Pubescens Pyrenaica Rhysophylla Rubra Semecarpifolia Shumardii Suber Texana Trojana "
    "Variabilis Vulcanica x_Hispanica x_Turneri",
    "Rhododendron": "x_Russellianum",
    "Salix": "Fragilis Intergra",
    "Sorbus": "Aria",
    "Tilia": "Oliveri Platyphyllos Tomentosa",
    "Ulmus": "Bergmanniana",
    "Viburnum": "Tinus x_Rhytidophylloides",
    "Zelkova": "Serrata",
}

# "Phildelphus" (sic) is the one label without an epithet.
SPECIES: list[str] = sorted(
    [f"{genus}_{epithet}" for genus, names in _GENERA.items() for epithet in names.split()]
    + ["Phildelphus"]
)
assert len(SPECIES) == 99 and len(set(SPECIES)) == 99
