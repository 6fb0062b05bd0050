#pragma once

#include "config/firebreakconfig.h"

#include <QVector>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace firebreak {

class TokenField;

// The feeds of the settings dialog: one row per WebSocket feed, each with its own token, because each
// CI/CD system hands out its own. Rows are added and removed; each row says what is wrong with its URL.
class FeedListEditor final : public QWidget {
    Q_OBJECT

public:
    explicit FeedListEditor(QWidget* parent = nullptr);

    void setFeeds(const QVector<FeedSettings>& feeds);
    int count() const { return int(m_rows.size()); }
    QLineEdit* urlEdit(int row) const { return m_rows.at(row).url; }
    TokenField* tokenField(int row) const { return m_rows.at(row).token; }
    QToolButton* removeButton(int row) const { return m_rows.at(row).remove; }
    QLabel* errorLabel(int row) const { return m_rows.at(row).error; }
    QPushButton* addButton() const { return m_add; }

    // Shows each row's problem next to it; true when every row is acceptable.
    bool validate();

public Q_SLOTS:
    void addFeed();

Q_SIGNALS:
    void changed();

private:
    struct Row {
        QWidget* widget = nullptr;
        QLineEdit* url = nullptr;
        TokenField* token = nullptr;
        QToolButton* remove = nullptr;
        QLabel* error = nullptr;
    };

    Row& appendRow();
    void removeRow(QWidget* rowWidget);

    QVector<Row> m_rows;
    QVBoxLayout* m_rowsLayout = nullptr;
    QPushButton* m_add = nullptr;
};

} // namespace firebreak
