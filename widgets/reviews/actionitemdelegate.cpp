#include "actionitemdelegate.h"

#include "itemmodels/actionitemsmodel.h"
#include "style/theme.h"

#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QPainter>
#include <QUrl>

namespace firebreak {

namespace {

// QDateEdit cannot be empty: its minimum date, shown as "none", stands for no due date.
const QDate NoDueDate(2000, 1, 1);
constexpr int ArrowWidth = 22;

} // namespace

ActionItemDelegate::ActionItemDelegate(const Theme& theme, QObject* parent)
    : ReviewRowDelegate(parent)
    , m_theme(theme)
{
}

QRect ActionItemDelegate::openLinkRect(const QRect& cell)
{
    return QRect(cell.right() - ArrowWidth + 1, cell.top(), ArrowWidth, cell.height());
}

QWidget* ActionItemDelegate::createEditor(
    QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    switch (index.column()) {
    case ActionItemsModel::OwnerColumn: {
        auto* combo = new QComboBox(parent);
        combo->setEditable(true);
        combo->setInsertPolicy(QComboBox::NoInsert);
        combo->addItems(m_owners);
        combo->completer()->setCaseSensitivity(Qt::CaseInsensitive);
        combo->completer()->setCompletionMode(QCompleter::PopupCompletion);
        combo->setToolTip(tr("Pick someone from the roster or type any name or team"));
        return combo;
    }
    case ActionItemsModel::DueColumn: {
        auto* edit = new QDateEdit(parent);
        edit->setTimeSpec(Qt::UTC);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setCalendarPopup(true);
        edit->setMinimumDate(NoDueDate);
        edit->setSpecialValueText(tr("none"));
        edit->setToolTip(tr("Due by the end of this day (UTC); the earliest date means no due date"));
        return edit;
    }
    case ActionItemsModel::StatusColumn: {
        auto* combo = new QComboBox(parent);
        for (const ActionItemStatus status :
            { ActionItemStatus::Open, ActionItemStatus::Done, ActionItemStatus::Dropped }) {
            const QString name = actionItemStatusName(status);
            combo->addItem(name.at(0).toUpper() + name.mid(1), name);
        }
        return combo;
    }
    default:
        return QStyledItemDelegate::createEditor(parent, option, index);
    }
}

void ActionItemDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const
{
    const QVariant value = index.data(Qt::EditRole);
    switch (index.column()) {
    case ActionItemsModel::OwnerColumn:
        static_cast<QComboBox*>(editor)->setEditText(value.toString());
        return;
    case ActionItemsModel::DueColumn: {
        const QDate date = value.toDate();
        static_cast<QDateEdit*>(editor)->setDate(date.isValid() ? date : NoDueDate);
        return;
    }
    case ActionItemsModel::StatusColumn: {
        auto* combo = static_cast<QComboBox*>(editor);
        combo->setCurrentIndex(std::max(0, combo->findData(value.toString())));
        return;
    }
    default:
        QStyledItemDelegate::setEditorData(editor, index);
    }
}

void ActionItemDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const
{
    switch (index.column()) {
    case ActionItemsModel::OwnerColumn:
        model->setData(index, static_cast<QComboBox*>(editor)->currentText());
        return;
    case ActionItemsModel::DueColumn: {
        const QDate date = static_cast<QDateEdit*>(editor)->date();
        model->setData(index, date == NoDueDate ? QDate() : date);
        return;
    }
    case ActionItemsModel::StatusColumn:
        model->setData(index, static_cast<QComboBox*>(editor)->currentData());
        return;
    default:
        QStyledItemDelegate::setModelData(editor, model, index);
    }
}

void ActionItemDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QUrl url = index.data(ActionItemsModel::LinkUrlRole).toUrl();
    if (index.column() != ActionItemsModel::LinkColumn || !url.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem text = option;
    text.rect.setRight(option.rect.right() - ArrowWidth);
    text.palette.setColor(QPalette::Text, option.palette.color(QPalette::Link));
    // The selection spans the whole cell; the text leaves room for the arrow.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    option.widget->style()->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);
    QStyledItemDelegate::paint(painter, text, index);
    painter->save();
    const bool selected = option.state & QStyle::State_Selected;
    painter->setPen(selected ? option.palette.color(QPalette::HighlightedText) : m_theme.accent);
    painter->drawText(openLinkRect(option.rect), Qt::AlignCenter, QStringLiteral("↗"));
    painter->restore();
}

} // namespace firebreak
